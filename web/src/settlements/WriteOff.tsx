import { useMutation } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReasonDialog } from '../client/ReasonDialog';
import { useNotify } from '../client/notify';
import { graphql } from '../gql';
import { addMessages } from '../i18n';
import { MEANING } from '../theme';
import { settlementMessages } from './messages';

addMessages('settlements', settlementMessages);

const WRITE_OFF = graphql(`
  mutation SettlementClientWriteOff($caseId: ID!, $reason: String!) {
    giveInstruction(input: { caseId: $caseId, kind: "write_off", reason: $reason }) {
      id
      phase
      outcome
    }
  }
`);

/** The client's instruction to write its case off: a button and the reason it gives (the case closes written_off). */
export function WriteOffButton({ caseId }: { caseId: string }) {
  const { t } = useTranslation('settlements');
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [writeOff, { loading, error }] = useMutation(WRITE_OFF, {
    refetchQueries: ['CasesCaseFile', 'SettlementClientInstructions'],
    awaitRefetchQueries: true,
  });
  const confirm = async (reason: string) => {
    const done = await writeOff({ variables: { caseId, reason } }).catch(() => null);
    if (done?.data) notify(t('writeOff.done'));
    return !!done?.data;
  };
  return (
    <>
      <Button color={MEANING.refused} variant="outline" onClick={() => setOpen(true)}>
        {t('writeOff.button')}
      </Button>
      {open && (
        <ReasonDialog
          title={t('writeOff.title')}
          label={t('writeOff.reason')}
          requiredText={t('writeOff.reasonRequired')}
          submit={t('writeOff.submit')}
          loading={loading}
          error={error}
          onConfirm={confirm}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
