import { Anchor, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CaseFile, CaseSection } from '../cases';
import { Assessment } from './Assessment';
import { EscalationDecision } from './Escalation';
import { ProceedingsSection } from './Proceedings';

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
        mainExtra={
          <>
            <ProceedingsSection caseId={id} />
            <AssessmentSection caseId={id} />
          </>
        }
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
