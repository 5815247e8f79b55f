import { Badge, Group, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Empty } from '../components/PageState';
import { useFormat } from '../format';
import { MEANING } from '../theme';
import type { CaseJourneyData } from './fragments';

/** A step's name in words: the scenario's step kind, else its key. */
export function useStepName() {
  const { t } = useTranslation('cases');
  return (kind: string | null | undefined, key?: string | null) =>
    kind ? t(`journey.step.${kind}`, { defaultValue: kind.replace(/_/g, ' ') }) : (key ?? '—');
}

/** "Formal notice on 12 Mar 2026, 09:00" — the journey's next step, or why there is none. */
export function JourneyNext({ journey }: { journey: CaseJourneyData }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  const stepName = useStepName();
  if (!journey.next) return <Text size="sm">{t(`journey.status.${journey.status}`, { defaultValue: journey.status })}</Text>;
  const when = f.dateTime(journey.next.dueAt);
  return (
    <Text size="sm">
      {journey.next.step
        ? t('journey.nextWhen', { step: stepName(journey.next.step.kind, journey.next.step.key), when })
        : t('journey.nextUnknown', { when })}
    </Text>
  );
}

/**
 * The journey: its scenario and status, the next step and when, the steps done with the legal
 * check that let each go, and the refusals with the rule that held them back.
 */
export function JourneyTimeline({ journey }: { journey: CaseJourneyData | null | undefined }) {
  const { t } = useTranslation('cases');
  const f = useFormat();
  const stepName = useStepName();
  if (!journey) return <Empty title={t('journey.none')} />;
  const statusColour = journey.status === 'review' ? MEANING.due : journey.status === 'finished' ? 'gray.7' : MEANING.info;
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="wrap">
        <Badge color={statusColour}>{t(`journey.status.${journey.status}`, { defaultValue: journey.status })}</Badge>
        {journey.scenarioName && (
          <Text size="sm">
            {t('journey.scenario')}: {journey.scenarioName}
            {journey.scenarioVersion != null && ` (${t('journey.version', { version: journey.scenarioVersion })})`}
          </Text>
        )}
      </Group>
      {journey.reason && (
        <Text size="sm" c="dimmed">
          {journey.reason}
        </Text>
      )}
      <div>
        <Text size="xs" c="dimmed">
          {t('journey.next')}
        </Text>
        <JourneyNext journey={journey} />
      </div>
      <div>
        <Text size="xs" c="dimmed" mb={4}>
          {t('journey.done')}
        </Text>
        {journey.stepsDone.length === 0 ? (
          <Text size="sm">{t('journey.noneDone')}</Text>
        ) : (
          <Timeline bulletSize={12} lineWidth={2} active={journey.stepsDone.length - 1} aria-label={t('journey.done')}>
            {journey.stepsDone.map((s) => (
              <Timeline.Item key={`${s.stepKey}-${s.attempt}-${s.executedAt}`} title={stepName(s.step?.kind ?? s.kind, s.stepKey)}>
                <Text size="xs">
                  {f.dateTime(s.executedAt)}
                  {s.attempt > 1 && ` · ${t('journey.attempt', { n: s.attempt })}`}
                  {s.step?.channel && ` · ${t(`communications.channelValue.${s.step.channel}`, { defaultValue: s.step.channel })}`}
                </Text>
                {s.decision && (
                  <Text size="xs" c="dimmed">
                    {s.decision.rule}: {s.decision.reason}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </div>
      {journey.refusals.length > 0 && (
        <div>
          <Text size="xs" c="dimmed" mb={4}>
            {t('journey.refusals')}
          </Text>
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {journey.refusals.map((r, i) => (
              <li key={`${r.at}-${i}`}>
                <Group gap={6} wrap="wrap">
                  <Badge size="sm" color={r.kind === 'review' ? MEANING.due : MEANING.refused}>
                    {r.kind === 'review' ? t('journey.review') : t('journey.refused')}
                  </Badge>
                  {r.rule && (
                    <Badge size="sm" variant="outline" color="gray.7" title={r.source ?? undefined}>
                      {t('journey.rule')} {r.rule}
                    </Badge>
                  )}
                  <Text size="sm" fw={500}>
                    {r.stepKey ?? ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {f.dateTime(r.at)}
                    {r.earliestAt && ` · ${t('journey.earliest', { date: f.date(r.earliestAt) })}`}
                  </Text>
                </Group>
                <Text size="sm">{r.reason}</Text>
                {r.source && (
                  <Text size="xs" c="dimmed">
                    {r.source}
                  </Text>
                )}
              </li>
            ))}
          </Stack>
        </div>
      )}
    </Stack>
  );
}
