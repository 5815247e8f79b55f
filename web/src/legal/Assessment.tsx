import { useQuery } from '@apollo/client/react';
import { Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { LegalCaseAssessmentQuery } from '../gql/graphql';
import { addMessages } from '../i18n';
import { MEANING } from '../theme';
import { messages } from './messages';
import { NUMERIC } from './SortableTable';
import { Notice } from './Notice';

// The assessment is the legal staff's word, and the admin's assessment page shows the same view.
addMessages('legal', messages);

const ASSESSMENT = graphql(`
  query LegalCaseAssessment($caseId: ID!, $at: String) {
    assessCase(caseId: $caseId, at: $at) {
      now
      jurisdiction
      decisions {
        step
        allowed
        rule
        source
        reason
        earliestAt
        checks {
          allowed
          rule
          source
          reason
          earliestAt
        }
      }
      statement {
        asOf
        currency
        principalMinor
        interestMinor
        damagesMinor
        paidMinor
        totalMinor
        complete
        problems
        lines {
          kind
          label
          date
          claimId
          amountMinor
          explanation
          rule
          source
        }
      }
    }
  }
`);

type Decision = LegalCaseAssessmentQuery['assessCase']['decisions'][number];

/** A step's name in words (the engine's step ids otherwise). */
export function useStepName() {
  const { t } = useTranslation('legal');
  return (step: string) => t(`steps.${step}`, { defaultValue: step.replace(/_/g, ' ') });
}

/** "Allowed" / "Refused" as a badge in the colour of its meaning. */
function Verdict({ allowed }: { allowed: boolean }) {
  const { t } = useTranslation('legal');
  return (
    <Badge color={allowed ? MEANING.ok : MEANING.refused} size="sm" style={{ minWidth: 'max-content' }}>
      {allowed ? t('assessment.allowed') : t('assessment.refused')}
    </Badge>
  );
}

/**
 * The legal engine's answer for a case: each step with its decision, the rule and its legal
 * source, and why; and the statement of what is owed, line by line with each line's basis. An
 * "as of" date asks the same question for another day.
 */
export function Assessment({ caseId, heading = true }: { caseId: string; heading?: boolean }) {
  const { t } = useTranslation('legal');
  const f = useFormat();
  const stepName = useStepName();
  const [asOf, setAsOf] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(ASSESSMENT, {
    variables: { caseId, at: asked ? `${asked}T12:00:00Z` : null },
  });
  const a = data?.assessCase;
  const s = a?.statement;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          {heading && (
            <Title order={2} size="h4">
              {t('assessment.title')}
            </Title>
          )}
          {a && (
            <Text size="sm" c="dimmed">
              {t('assessment.subtitle', { jurisdiction: a.jurisdiction, at: f.dateTime(a.now) })}
            </Text>
          )}
        </div>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setAsked(asOf || null);
          }}
        >
          <Group gap="xs" align="flex-end">
            <TextInput
              type="date"
              size="xs"
              label={t('assessment.asOf')}
              description={t('assessment.asOfHint')}
              value={asOf}
              onChange={(e) => setAsOf(e.currentTarget.value)}
            />
            <Button type="submit" size="xs" variant="light">
              {t('assessment.ask')}
            </Button>
          </Group>
        </form>
      </Group>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading label={t('assessment.loading')} />}
      {a && (
        <>
          <ScrollRegion label={t('assessment.decisions')}>
            <Table className="sticky-head" aria-label={t('assessment.decisions')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assessment.step')}</Table.Th>
                  <Table.Th>{t('assessment.decision')}</Table.Th>
                  <Table.Th>{t('assessment.ruleAndSource')}</Table.Th>
                  <Table.Th>{t('assessment.reason')}</Table.Th>
                  <Table.Th>{t('assessment.earliest')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.decisions.map((d) => (
                  <DecisionRows key={d.step} d={d} open={open === d.step} onToggle={() => setOpen(open === d.step ? null : d.step)}>
                    {stepName(d.step)}
                  </DecisionRows>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
          {s && (
            <Paper withBorder p="sm">
              <Stack gap="sm">
                <Group justify="space-between">
                  <Title order={3} size="h5">
                    {t('statement.title', { date: f.date(s.asOf) })}
                  </Title>
                  {!s.complete && <Badge color={MEANING.due}>{t('statement.incomplete')}</Badge>}
                </Group>
                <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
                  {(
                    [
                      ['principal', s.principalMinor],
                      ['interest', s.interestMinor],
                      ['damages', s.damagesMinor],
                      ['paid', s.paidMinor],
                      ['total', s.totalMinor],
                    ] as const
                  ).map(([k, v]) => (
                    <div key={k}>
                      <Text size="xs" c="dimmed">
                        {t(`statement.${k}`)}
                      </Text>
                      <Text fw={k === 'total' ? 700 : 500} style={NUMERIC}>
                        {f.money(v, s.currency)}
                      </Text>
                    </div>
                  ))}
                </SimpleGrid>
                {s.lines.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('statement.noLines')}
                  </Text>
                ) : (
                  <ScrollRegion label={t('statement.lines')}>
                    <Table aria-label={t('statement.lines')} className="sticky-head">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('statement.date')}</Table.Th>
                          <Table.Th>{t('statement.line')}</Table.Th>
                          <Table.Th>{t('statement.explanation')}</Table.Th>
                          <Table.Th>{t('assessment.rule')}</Table.Th>
                          <Table.Th ta="right">{t('statement.amount')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {s.lines.map((l, i) => (
                          <Table.Tr key={i}>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.date(l.date)}</Table.Td>
                            <Table.Td>
                              <Text size="sm" fw={500}>
                                {l.label}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {t(`statement.kind.${l.kind}`, { defaultValue: l.kind })}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              <Text size="sm">{l.explanation}</Text>
                            </Table.Td>
                            <Table.Td>
                              {l.rule && (
                                <Text size="sm" fw={500}>
                                  {l.rule}
                                </Text>
                              )}
                              {l.source && (
                                <Text size="xs" c="dimmed">
                                  {l.source}
                                </Text>
                              )}
                            </Table.Td>
                            <Table.Td ta="right" style={NUMERIC}>
                              {f.money(l.amountMinor, s.currency)}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                      <Table.Tfoot>
                        <Table.Tr>
                          <Table.Th colSpan={4}>{t('statement.total')}</Table.Th>
                          <Table.Th ta="right" style={NUMERIC}>
                            {f.money(s.totalMinor, s.currency)}
                          </Table.Th>
                        </Table.Tr>
                      </Table.Tfoot>
                    </Table>
                  </ScrollRegion>
                )}
                {s.problems.length > 0 && (
                  <Notice tone="warn" title={t('statement.notes')}>
                    <List size="sm">
                      {s.problems.map((p) => (
                        <List.Item key={p}>{p}</List.Item>
                      ))}
                    </List>
                  </Notice>
                )}
              </Stack>
            </Paper>
          )}
        </>
      )}
    </Stack>
  );
}

/** One step's decision, and on demand the checks it was made of. */
function DecisionRows({ d, open, onToggle, children }: { d: Decision; open: boolean; onToggle: () => void; children: string }) {
  const { t } = useTranslation('legal');
  const f = useFormat();
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>
          {d.checks.length > 0 ? (
            <UnstyledButton onClick={onToggle} aria-expanded={open} fz="sm" fw={500} c="indigo.8">
              {open ? '▾' : '▸'} {children}
            </UnstyledButton>
          ) : (
            <Text size="sm" fw={500}>
              {children}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          <Verdict allowed={d.allowed} />
        </Table.Td>
        <Table.Td miw={180}>
          <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
            {d.rule}
          </Text>
          <Text size="xs" c="dimmed">
            {d.source}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm">{d.reason}</Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap' }}>{d.earliestAt ? f.date(d.earliestAt) : ''}</Table.Td>
      </Table.Tr>
      {open &&
        d.checks.map((c, i) => (
          <Table.Tr key={i} bg="gray.0">
            <Table.Td pl="xl">
              <Text size="xs" c="dimmed">
                {t('assessment.check')}
              </Text>
            </Table.Td>
            <Table.Td>
              <Verdict allowed={c.allowed} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                {c.rule}
              </Text>
              <Text size="xs" c="dimmed">
                {c.source}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{c.reason}</Text>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.earliestAt ? f.date(c.earliestAt) : ''}</Table.Td>
          </Table.Tr>
        ))}
    </Fragment>
  );
}
