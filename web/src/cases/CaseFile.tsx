import { useQuery } from '@apollo/client/react';
import { Grid, Stack } from '@mantine/core';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading, NotFound } from '../components/PageState';
import { graphql } from '../gql';
import type { CasesCaseFileQuery } from '../gql/graphql';
import { CallsList } from './CallsList';
import { CaseHeader } from './CaseHeader';
import { CaseSection } from './CaseSection';
import { ClaimsTable } from './ClaimsTable';
import { CommunicationsList, type CaseCommunication } from './CommunicationsList';
import { DisputesList } from './DisputesList';
import type { CaseDispute } from './fragments';
import { HistoryList } from './HistoryList';
import { JourneyTimeline } from './JourneyTimeline';
import { NotesList } from './NotesList';
import { PaymentsTable } from './PaymentsTable';
import { PlanPanel } from './PlanPanel';

export const CASES_CASE_FILE = graphql(`
  query CasesCaseFile($id: ID!) {
    case(id: $id) {
      id
      version
      ...CasesHeader
      ...CasesClaims
      ...CasesPayments
      ...CasesJourney
      ...CasesDisputes
      ...CasesPlan
      ...CasesHistory
      ...CasesNotes
    }
  }
`);

/** The whole case as `useCaseFile` answers it (header, claims, payments, journey, disputes, history, notes). */
export type CaseFileData = NonNullable<CasesCaseFileQuery['case']>;

/** One case with every part of the case view, by id (cache first, then the network). */
export function useCaseFile(caseId: string) {
  return useQuery(CASES_CASE_FILE, { variables: { id: caseId } });
}

type Slot = ReactNode | ((c: CaseFileData) => ReactNode);
const fill = (slot: Slot | undefined, c: CaseFileData) => (typeof slot === 'function' ? slot(c) : slot);

export interface CaseFileSlots {
  /** Buttons beside the debtor's name (call, hold, send …). */
  headerActions?: Slot;
  /** Under the header's facts (an audience's banner, a form that opened). */
  headerExtra?: Slot;
  notesActions?: Slot;
  communicationsActions?: Slot;
  paymentsActions?: Slot;
  callsActions?: Slot;
  disputesActions?: Slot;
  /** Beside "Plan and promises" (propose, promise, approve, reject). */
  planActions?: Slot;
  /** Per dispute row (answer, resolve). */
  disputeRowActions?: (d: CaseDispute) => ReactNode;
  /** Per communication row (beside its PDF). */
  communicationRowActions?: (c: CaseCommunication) => ReactNode;
  /** Sections of the audience's own, in the main column after the claims, and in the side column on top. */
  mainExtra?: Slot;
  sideExtra?: Slot;
  /** Parts to leave out (an audience that may not read calls or communications). */
  hide?: Partial<Record<'payments' | 'disputes' | 'communications' | 'calls' | 'journey' | 'notes' | 'history', boolean>>;
}

/** The case view for a case already loaded (see `CaseFile` for the one that loads it). */
export function CaseFileView({ data, ...slots }: { data: CaseFileData } & CaseFileSlots) {
  const { t } = useTranslation('cases');
  const hide = slots.hide ?? {};
  return (
    <>
      <CaseHeader data={data} actions={fill(slots.headerActions, data)}>
        {fill(slots.headerExtra, data)}
      </CaseHeader>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <CaseSection id="claims" title={t('claims.title')}>
              <ClaimsTable claims={data.claims} />
            </CaseSection>
            {!hide.disputes && (data.disputes.length > 0 || slots.disputesActions) && (
              <CaseSection id="disputes" title={t('disputes.title')} actions={fill(slots.disputesActions, data)}>
                <DisputesList
                  disputes={data.disputes}
                  claims={data.claims}
                  currency={data.balance.currency}
                  rowActions={slots.disputeRowActions}
                />
              </CaseSection>
            )}
            <PlanPanel data={data} actions={fill(slots.planActions, data)} />
            {fill(slots.mainExtra, data)}
            {!hide.payments && (
              <CaseSection id="payments" title={t('payments.title')} actions={fill(slots.paymentsActions, data)}>
                <PaymentsTable payments={data.payments} claims={data.claims} />
              </CaseSection>
            )}
            {!hide.communications && (
              <CaseSection id="communications" title={t('communications.title')} actions={fill(slots.communicationsActions, data)}>
                <CommunicationsList caseId={data.id} rowActions={slots.communicationRowActions} />
              </CaseSection>
            )}
            {!hide.calls && (
              <CaseSection id="calls" title={t('calls.title')} actions={fill(slots.callsActions, data)}>
                <CallsList caseId={data.id} />
              </CaseSection>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            {fill(slots.sideExtra, data)}
            {!hide.journey && (
              <CaseSection id="journey" title={t('journey.title')}>
                <JourneyTimeline journey={data.journey} />
              </CaseSection>
            )}
            {!hide.notes && (
              <CaseSection id="notes" title={t('notes.title')} actions={fill(slots.notesActions, data)}>
                <NotesList notes={data.notes} />
              </CaseSection>
            )}
            {!hide.history && (
              <CaseSection id="history" title={t('history.title')}>
                <HistoryList history={data.history} />
              </CaseSection>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** The case view by id: loading, error and "Not found" (no such case, or not the caller's) included. */
export function CaseFile({ caseId, ...slots }: { caseId: string } & CaseFileSlots) {
  const { data, loading, error, refetch } = useCaseFile(caseId);
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (loading && !data) return <Loading />;
  if (!data?.case) return <NotFound />;
  return <CaseFileView data={data.case} {...slots} />;
}
