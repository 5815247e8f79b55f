import { useMutation } from '@apollo/client/react';
import { Anchor, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText, fieldProblems } from '../api/errors';
import { CaseFile, CaseSection } from '../cases';
import { graphql } from '../gql';
import { Assessment } from './Assessment';
import { Notice } from './Notice';

const DECIDE = graphql(`
  mutation LegalDecideEscalation($input: ChangeCasePhaseInput!) {
    changeCasePhase(input: $input) {
      id
      phase
    }
  }
`);

/**
 * A case in legal review waits for legal staff: start proceedings, or send it back to the
 * agents with the reason (the API requires one).
 */
function EscalationDecision({ caseId }: { caseId: string }) {
  const { t } = useTranslation('legal');
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const [decide, { loading, error }] = useMutation(DECIDE, { refetchQueries: ['CasesCaseFile', 'LegalCaseAssessment', 'LegalQueue'] });
  const problems = fieldProblems(error);
  const fieldError = problems['input.reason'] ?? problems.reason;
  const otherError = error && !fieldError ? errorText(error) : null;
  const run = async (to: 'legal' | 'amicable') => {
    const r = await decide({ variables: { input: { caseId, to, reason: reason.trim() || null } } }).catch(() => null);
    // Back with the agents, the case leaves the legal staff's sight: back to the queue.
    if (r?.data && to === 'amicable') void navigate('/legal');
  };
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <Title order={2} size="h5">
          {t('decision.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('decision.text')}
        </Text>
        <Textarea
          label={t('decision.reason')}
          description={t('decision.reasonHint')}
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError}
        />
        {otherError && (
          <Notice tone="error" role="alert">
            {otherError}
          </Notice>
        )}
        <Group gap="xs">
          <Button loading={loading} onClick={() => void run('legal')}>
            {t('decision.toLegal')}
          </Button>
          <Button loading={loading} variant="default" onClick={() => void run('amicable')}>
            {t('decision.toAmicable')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** A case in the legal queue: the case view every audience shares, the escalation to decide, and the legal engine's assessment. */
export function LegalCase() {
  const { id = '' } = useParams();
  const { t } = useTranslation('legal');
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/legal" size="sm">
        ← {t('case.backToQueue')}
      </Anchor>
      <CaseFile
        caseId={id}
        headerExtra={(c) => c.phase === 'legal_review' && <EscalationDecision caseId={c.id} />}
        mainExtra={<AssessmentSection caseId={id} />}
      />
    </Stack>
  );
}

/** The assessment as a section of the case view. */
export function AssessmentSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation('legal');
  return (
    <CaseSection id="assessment" title={t('assessment.title')}>
      <Assessment caseId={caseId} heading={false} />
    </CaseSection>
  );
}
