export { startSmtpServer, type ArrivedMail } from './smtp-server';
