import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import { MEANING } from '../theme';

/**
 * A refusal the client gives with its reason (declining an escalation, rejecting a plan): the
 * reason required at its field, the API's problems at it or above the buttons. `onConfirm` runs
 * the mutation and says whether it was done; the dialog closes itself then.
 */
export function ReasonDialog({
  title,
  label,
  requiredText,
  submit,
  loading,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  label: string;
  requiredText: string;
  submit: string;
  loading: boolean;
  error: unknown;
  onConfirm: (reason: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t: common } = useTranslation();
  const { t: client } = useTranslation('client');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const problems = fieldProblems(error);
  async function send(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (!reason.trim()) return;
    if (await onConfirm(reason.trim())) onClose();
  }
  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': client('case.close') }}>
      <form onSubmit={(e) => void send(e)} noValidate>
        <Stack gap="sm">
          <Textarea
            label={label}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={(tried && !reason.trim() ? requiredText : undefined) ?? problems.reason ?? problems['input.reason']}
            required
            autosize
            minRows={2}
            data-autofocus
          />
          {!!error && !Object.keys(problems).length && (
            <Alert color="red" role="alert">
              {errorText(error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" color={MEANING.refused} loading={loading}>
              {submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
