/**
 * The e-mail that asks a client's users to decide a debtor's settlement offer above the client's
 * terms (pure): in English, Dutch and French at once (a client user has no language on file, as
 * the dispute reminders), from the agency, naming the case and invoices, the amount offered
 * against the balance and the discount it asks, and where to decide. While the offer waits the
 * journey goes on; the client's decline or silence leaves it so.
 */
import type { SettlementOfferedV2 } from '@amicus/events';
import { formatMoney } from '@amicus/money';
import type { OutboundMessage } from '../channels/channel';

/** The offers that ask the client: awaiting its decision, with someone to e-mail. */
export const asksTheClient = (e: SettlementOfferedV2): boolean => e.status === 'awaiting_client' && e.recipients.length > 0;

export function offerNoticeOf(
  e: SettlementOfferedV2,
  recipient: string,
  agency: { name: string; email: string },
  portalUrl: string,
): OutboundMessage {
  const ref = `AMI-${e.caseNumber}`;
  const invoices = e.invoiceNumbers.length ? ` (${e.invoiceNumbers.join(', ')})` : '';
  const money = (amountMinor: string) => formatMoney({ amountMinor: BigInt(amountMinor), currency: e.currency });
  const offered = money(e.amountMinor);
  const balance = money(e.balanceMinor);
  const discount = `${(e.discountBp / 100).toFixed(2)} %`;
  const how = e.byPlan
    ? { en: 'by instalments', nl: 'in termijnen', fr: 'par versements' }
    : { en: 'at once', nl: 'in één keer', fr: 'en une fois' };
  const text = [
    `The debtor of file ${ref}${invoices} offers ${offered} ${how.en} to settle a balance of ${balance} (a discount of ${discount}), more than your terms allow the agency to accept. Please accept or decline the offer in your portal; until you decide, the collection goes on.`,
    `De schuldenaar van dossier ${ref}${invoices} biedt ${offered} ${how.nl} om een saldo van ${balance} te regelen (een korting van ${discount}), meer dan uw voorwaarden het bureau laten aanvaarden. Aanvaard of weiger het aanbod in uw portaal; tot u beslist, loopt de invordering door.`,
    `Le débiteur du dossier ${ref}${invoices} propose ${offered} ${how.fr} pour régler un solde de ${balance} (une remise de ${discount}), plus que vos conditions ne permettent au bureau d’accepter. Acceptez ou refusez l’offre dans votre portail ; tant que vous n’avez pas décidé, le recouvrement continue.`,
    portalUrl,
    agency.name,
  ].join('\n\n');
  return {
    communicationId: `settlement-offer:${e.settlementId}:${recipient}`,
    caseReference: ref,
    sender: { name: agency.name, email: agency.email },
    recipient: { name: recipient, email: recipient },
    subject: `Settlement offer to decide / Te beslissen schikkingsvoorstel / Offre de règlement à décider: ${ref}${invoices}`,
    text,
  };
}
