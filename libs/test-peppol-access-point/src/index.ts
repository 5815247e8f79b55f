export { startAccessPoint, type ReceivedDocument } from './access-point-server';
