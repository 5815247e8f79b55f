/**
 * The e-mail that reminds a client's users of a dispute waiting for their answer (pure): in
 * English, Dutch and French at once (a client user has no language on file), from the agency,
 * naming the case and invoices and the day the answer was due, and the day it goes to the
 * agency's account manager.
 */
import type { DisputeAnswerOverdueV1 } from '@amicus/events';
import type { OutboundMessage } from '../channels/channel';

export function clientReminderOf(
  e: DisputeAnswerOverdueV1,
  recipient: string,
  agency: { name: string; email: string },
  portalUrl: string,
): OutboundMessage {
  const ref = `AMI-${e.caseNumber}`;
  const invoices = e.invoiceNumbers.join(', ');
  const until = e.escalatesOn ? ` / ${e.escalatesOn}` : '';
  const text = [
    `A debtor disputes invoice ${invoices} (file ${ref}). Your answer was due on ${e.answerDueOn}; until you answer, the invoice is not collected.${e.escalatesOn ? ` Without an answer by ${e.escalatesOn}, the dispute goes to your account manager.` : ''}`,
    `Een schuldenaar betwist factuur ${invoices} (dossier ${ref}). Uw antwoord werd verwacht op ${e.answerDueOn}; tot u antwoordt, wordt de factuur niet geïnd.`,
    `Un débiteur conteste la facture ${invoices} (dossier ${ref}). Votre réponse était attendue le ${e.answerDueOn} ; tant que vous n’avez pas répondu, la facture n’est pas recouvrée.`,
    `${portalUrl}`,
    agency.name,
  ].join('\n\n');
  return {
    communicationId: `dispute-reminder:${e.disputeId}:${recipient}`,
    caseReference: ref,
    sender: { name: agency.name, email: agency.email },
    recipient: { name: recipient, email: recipient },
    subject: `Dispute to answer / Te beantwoorden betwisting / Contestation à traiter: ${ref} (${invoices})${until}`,
    text,
  };
}
