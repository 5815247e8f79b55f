import { Button, Group, Kbd } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorState, Loading, NotFound } from '../components/PageState';
import { CaseFileView, useCaseFile, type CaseFileData } from '../cases';
import { CaseActionDialog, type CaseAction } from './CaseActions';
import { AgentSettlementOffer } from '../settlements/SettlementOffer';
import { DebtorFlagsPanel } from './DebtorFlagsPanel';
import { useShortcuts } from './shortcuts';

/** A button with its single-key shortcut shown. */
function Shortcut({ k }: { k: string }) {
  return (
    <Kbd ml={6} aria-hidden>
      {k}
    </Kbd>
  );
}

/** The agent's case: the shared case view with the agent's actions (call, note, hold, send). */
export function CaseScreen() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('agent');
  const { t: plans } = useTranslation('plans');
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useCaseFile(caseId);
  const [action, setAction] = useState<CaseAction | null>(null);
  const c = data?.case;
  const held = !!c?.holdUntil && c.phase !== 'closed';
  const open = c && c.phase !== 'closed';
  // One pending or agreed plan per case: a new one is proposed when none is.
  const planInForce = c?.paymentPlan?.status === 'pending' || c?.paymentPlan?.status === 'agreed';

  useShortcuts(
    {
      c: () => open && void navigate(`/agent/cases/${caseId}/call`),
      n: () => setAction('note'),
      h: () => open && setAction(held ? 'release' : 'hold'),
      s: () => open && setAction('send'),
      d: () => open && setAction('dispute'),
      p: () => open && !planInForce && setAction('plan'),
      m: () => open && setAction('promise'),
      Escape: () => void navigate('/agent'),
    },
    !!c && action === null,
  );

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (loading && !data) return <Loading />;
  if (!c) return <NotFound />;

  const actions = (d: CaseFileData) => (
    <>
      <Button component={Link} to="/agent" variant="subtle" size="xs">
        ← {t('nav.worklist')}
        <Shortcut k="Esc" />
      </Button>
      {d.phase !== 'closed' && (
        <>
          <Button component={Link} to={`/agent/cases/${d.id}/call`} size="xs" aria-keyshortcuts="c">
            {t('case.call')}
            <Shortcut k="c" />
          </Button>
          <Button variant="light" size="xs" onClick={() => setAction('send')} aria-keyshortcuts="s">
            {t('case.send')}
            <Shortcut k="s" />
          </Button>
          {held ? (
            <Button variant="light" size="xs" onClick={() => setAction('release')} aria-keyshortcuts="h">
              {t('case.release')}
              <Shortcut k="h" />
            </Button>
          ) : (
            <Button variant="light" size="xs" onClick={() => setAction('hold')} aria-keyshortcuts="h">
              {t('case.hold')}
              <Shortcut k="h" />
            </Button>
          )}
        </>
      )}
    </>
  );

  return (
    <>
      <CaseFileView
        data={c}
        headerActions={actions}
        headerExtra={(d) => <AgentSettlementOffer data={d} />}
        disputesActions={
          open ? (
            <Button variant="light" size="compact-xs" onClick={() => setAction('dispute')} aria-keyshortcuts="d">
              {t('case.raiseDispute')}
              <Shortcut k="d" />
            </Button>
          ) : undefined
        }
        planActions={(d) =>
          d.phase !== 'closed' && (
            <>
              {d.paymentPlan?.status === 'pending' && (
                <>
                  <Button variant="light" size="compact-xs" onClick={() => setAction('approvePlan')}>
                    {plans('approve')}
                  </Button>
                  <Button variant="light" size="compact-xs" onClick={() => setAction('rejectPlan')}>
                    {plans('reject')}
                  </Button>
                </>
              )}
              {!planInForce && (
                <Button variant="light" size="compact-xs" onClick={() => setAction('plan')} aria-keyshortcuts="p">
                  {plans('propose')}
                  <Shortcut k="p" />
                </Button>
              )}
              <Button variant="light" size="compact-xs" onClick={() => setAction('promise')} aria-keyshortcuts="m">
                {plans('promise')}
                <Shortcut k="m" />
              </Button>
            </>
          )
        }
        disputeRowActions={(d) =>
          d.status !== 'resolved' ? (
            <Button variant="light" size="compact-xs" onClick={() => setAction({ resolve: d })}>
              {t('case.resolveDispute')}
            </Button>
          ) : null
        }
        notesActions={
          <Button variant="light" size="compact-xs" onClick={() => setAction('note')} aria-keyshortcuts="n">
            {t('case.addNote')}
            <Shortcut k="n" />
          </Button>
        }
        callsActions={
          open ? (
            <Group gap="xs">
              <Button component={Link} to={`/agent/cases/${c.id}/call`} variant="light" size="compact-xs">
                {t('case.logCall')}
              </Button>
            </Group>
          ) : undefined
        }
      />
      <DebtorFlagsPanel caseId={c.id} />
      <CaseActionDialog action={action} data={c} onClose={() => setAction(null)} />
    </>
  );
}
