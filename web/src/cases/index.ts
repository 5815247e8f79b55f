/**
 * The case view's parts, shared by every audience (agent, client, legal, admin). Each part takes
 * the data it shows (the fragments in fragments.ts) or loads it by case id; action slots let an
 * audience add its own buttons. Importing this registers the `cases` messages.
 */
import { addMessages } from '../i18n';
import { messages } from './messages';

addMessages('cases', messages);

export { CaseFile, CaseFileView, useCaseFile, CASES_CASE_FILE, type CaseFileData, type CaseFileSlots } from './CaseFile';
export { CaseHeader, BalanceSummary, Fact } from './CaseHeader';
export { CaseSection } from './CaseSection';
export { ClaimsTable } from './ClaimsTable';
export { PaymentsTable } from './PaymentsTable';
export { JourneyTimeline, JourneyNext, useStepName } from './JourneyTimeline';
export { HistoryList } from './HistoryList';
export { DisputesList, disputeColour } from './DisputesList';
export { NotesList } from './NotesList';
export { PlanPanel, CASES_PLAN, INSTALMENT_COLOUR, type CasePlanData, type CasePaymentPlan } from './PlanPanel';
export {
  CommunicationsList,
  CommunicationsTable,
  CASES_COMMUNICATIONS,
  deliveryColour,
  type CaseCommunication,
} from './CommunicationsList';
export { CallsList, CallsTable, CASES_CALLS, type CaseCall } from './CallsList';
export {
  CASES_HEADER,
  CASES_CLAIMS,
  CASES_PAYMENTS,
  CASES_JOURNEY,
  CASES_DISPUTES,
  CASES_HISTORY,
  CASES_NOTES,
  type CaseHeaderData,
  type CaseClaim,
  type CasePayment,
  type CaseJourneyData,
  type CaseDispute,
  type CaseHistoryEntry,
  type CaseNoteData,
} from './fragments';
