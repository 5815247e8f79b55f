import { useMutation, useQuery } from '@apollo/client/react';
import {
  Anchor,
  Badge,
  Button,
  Code,
  Grid,
  Group,
  List,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorText, fieldProblems } from '../api/errors';
import { ErrorState, Loading, NotFound } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useUser } from '../auth/session';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { AdminTemplateVersionsQuery } from '../gql/graphql';
import { MEANING } from '../theme';
import { Notice } from '../legal/Notice';
import { formProblems, GeneralError } from './form-problems';
import { PreviewFrame } from './PreviewFrame';
import { DraftFindings, DraftPreview, MentionsCheck, StartFromDefault, useDraftPreview, type Parts } from './TemplateDraftPreview';
import { AGENCY, isChannel, PARTS, type TemplateChannel } from './template-words';
import { useOwnerName } from './TemplatesPage';

const VERSIONS = graphql(`
  query AdminTemplateVersions($brandId: ID, $kind: String, $language: String) {
    templates(brandId: $brandId, kind: $kind, language: $language) {
      id
      templateId
      brandId
      kind
      language
      channel
      version
      status
      subject
      html
      text
      createdBy
      createdAt
      activatedAt
      retiredAt
    }
  }
`);

const PREVIEW = graphql(`
  query AdminTemplatePreview($versionId: ID!, $caseId: ID) {
    previewTemplate(versionId: $versionId, caseId: $caseId) {
      channel
      valid
      problems {
        code
        message
        variable
        mentionId
        line
      }
      subject
      html
      text
      smsSegments
      smsEncoding
    }
  }
`);

const PREVIEW_PDF = graphql(`
  query AdminTemplatePreviewPdf($versionId: ID!, $caseId: ID) {
    previewTemplate(versionId: $versionId, caseId: $caseId) {
      channel
      pdfBase64
    }
  }
`);

const CREATE_VERSION = graphql(`
  mutation AdminCreateTemplateVersion($input: CreateTemplateVersionInput!) {
    createTemplateVersion(input: $input) {
      id
      version
      status
    }
  }
`);

const ACTIVATE = graphql(`
  mutation AdminActivateTemplateVersion($id: ID!) {
    activateTemplateVersion(id: $id) {
      id
      status
      activatedAt
    }
  }
`);

/** Expressions every template may use (the service's variable catalog has them all). */
const EXAMPLES = ['{{debtor.name}}', '{{money amounts.total}}', '{{date term.endDate}}', '{{#each claims}}…{{/each}}'];

/** A version's status in the colour of its meaning: the one sent, a draft waiting, one no longer used. */
const STATUS_COLOUR: Record<string, string> = { active: MEANING.ok, draft: MEANING.info, retired: MEANING.hold };

type Version = AdminTemplateVersionsQuery['templates'][number];
const partsOf = (v: Version | undefined): Parts => ({ subject: v?.subject ?? '', html: v?.html ?? '', text: v?.text ?? '' });

/**
 * One template (an owner's kind, language and channel) with its versions: the source of a
 * version to edit, a live preview of the edit as it is typed, the version rendered by the
 * communications service (the letter's PDF, the e-mail, the SMS) with the legal mentions check,
 * and the edit saved as a new version, which is then activated.
 */
export function TemplateEditor() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const owner = params.get('owner') ?? AGENCY;
  const kind = params.get('kind') ?? '';
  const language = params.get('language') ?? '';
  const channel = params.get('channel');
  const owners = useOwnerName();
  const { data, loading, error, refetch } = useQuery(VERSIONS, {
    variables: { brandId: owner === AGENCY ? null : owner, kind, language },
    skip: !kind || !language || !isChannel(channel),
  });
  if (!kind || !language || !isChannel(channel)) return <NotFound />;
  const versions = (data?.templates ?? []).filter((v) => v.channel === channel).sort((a, b) => b.version - a.version);
  const chosen =
    versions.find((v) => v.id === params.get('version')) ?? versions.find((v) => v.status === 'active') ?? versions[0] ?? undefined;
  const choose = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('version', id);
    setParams(next, { replace: true });
  };
  return (
    <Stack gap="md">
      <Anchor component={Link} to={owner === AGENCY ? '/admin/templates' : `/admin/templates?brand=${owner}`} size="sm">
        ← {t('templates.title')}
      </Anchor>
      <div>
        <Title order={1} size="h3">
          {t('editor.title', {
            kind: t(`kinds.${kind}`, { defaultValue: kind }),
            language: t(`languages.${language}`, { defaultValue: language }),
            channel: t(`channels.${channel}`),
          })}
        </Title>
        <Text size="sm" c="dimmed">
          {owners.name(owner)}
        </Text>
      </div>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && (
        <Editor
          key={chosen?.id ?? 'new'}
          owner={owner}
          kind={kind}
          language={language}
          channel={channel}
          versions={versions}
          chosen={chosen}
          onChoose={choose}
          onSaved={async (id) => {
            await refetch();
            choose(id);
          }}
        />
      )}
    </Stack>
  );
}

function Editor(props: {
  owner: string;
  kind: string;
  language: string;
  channel: TemplateChannel;
  versions: Version[];
  chosen: Version | undefined;
  onChoose: (id: string) => void;
  onSaved: (id: string) => Promise<void>;
}) {
  const { owner, kind, language, channel, versions, chosen } = props;
  const { t } = useTranslation('admin');
  const f = useFormat();
  const me = useUser();
  const original = useMemo(() => partsOf(chosen), [chosen]);
  const [draft, setDraft] = useState<Parts>(original);
  const [tab, setTab] = useState<string>(chosen ? 'rendered' : 'draft');
  const [caseId, setCaseId] = useState('');
  const changed = PARTS[channel].some((p) => draft[p] !== original[p]);
  const [create, created] = useMutation(CREATE_VERSION);
  const [activate, activated] = useMutation(ACTIVATE);
  const p = formProblems(created.error, [...PARTS[channel]]);
  const live = useDraftPreview({ owner, kind, language, channel, draft, caseId });
  const errorOf = (part: keyof Parts) => p.of(part) ?? live.errorOf(part);

  const edit = (part: keyof Parts, value: string) => {
    setDraft((d) => ({ ...d, [part]: value }));
    setTab('draft');
  };
  const save = async () => {
    const input = {
      brandId: owner === AGENCY ? null : owner,
      kind,
      language,
      channel,
      ...Object.fromEntries(PARTS[channel].map((part) => [part, draft[part]])),
    };
    const r = await create({ variables: { input } }).catch(() => null);
    if (r?.data) await props.onSaved(r.data.createTemplateVersion.id);
  };
  const activateChosen = async () => {
    if (!chosen) return;
    const r = await activate({ variables: { id: chosen.id } }).catch(() => null);
    if (r?.data) await props.onSaved(chosen.id);
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Stack gap="sm">
          <Paper withBorder p="sm">
            <Title order={2} size="h5" mb="xs">
              {t('editor.versions')}
            </Title>
            {versions.length === 0 ? (
              <StartFromDefault owner={owner} kind={kind} language={language} channel={channel} onStart={(parts) => setDraft(parts)} />
            ) : (
              <ScrollRegion label={t('editor.versions')} maxHeight="180px">
                <Table aria-label={t('editor.versions')} className="sticky-head">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('editor.version')}</Table.Th>
                      <Table.Th>{t('editor.status')}</Table.Th>
                      <Table.Th>{t('editor.created')}</Table.Th>
                      <Table.Th>{t('editor.by')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {versions.map((v) => (
                      <Table.Tr key={v.id} bg={v.id === chosen?.id ? 'indigo.0' : undefined}>
                        <Table.Td>
                          <UnstyledButton
                            onClick={() => props.onChoose(v.id)}
                            fz="sm"
                            fw={600}
                            c="indigo.8"
                            aria-current={v.id === chosen?.id ? 'true' : undefined}
                          >
                            {t('editor.versionN', { n: v.version })}
                          </UnstyledButton>
                        </Table.Td>
                        <Table.Td>
                          <Badge size="sm" color={STATUS_COLOUR[v.status] ?? MEANING.hold} style={{ minWidth: 'max-content' }}>
                            {t(`status.${v.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(v.createdAt)}</Table.Td>
                        <Table.Td>
                          <Text size="xs">{v.createdBy === `user:${me.id}` ? t('editor.you') : v.createdBy}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollRegion>
            )}
          </Paper>
          <Paper
            withBorder
            p="sm"
            component="form"
            aria-label={t('editor.source')}
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h5">
                  {chosen ? t('editor.sourceOf', { n: chosen.version }) : t('editor.source')}
                </Title>
                {changed && (
                  <Badge color={MEANING.due} size="sm">
                    {t('editor.unsaved')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {t('editor.sourceHint')}{' '}
                {EXAMPLES.map((x) => (
                  <Code key={x} mr={4}>
                    {x}
                  </Code>
                ))}
                <br />
                {t('editor.versionHint')}
              </Text>
              {PARTS[channel].includes('subject') && (
                <TextInput
                  label={t('editor.subject')}
                  value={draft.subject}
                  onChange={(e) => edit('subject', e.currentTarget.value)}
                  error={errorOf('subject')}
                  styles={{ input: { fontFamily: 'ui-monospace, monospace' } }}
                />
              )}
              {PARTS[channel].includes('html') && (
                <Textarea
                  label={channel === 'letter' ? t('editor.letterHtml') : t('editor.emailHtml')}
                  autosize
                  minRows={10}
                  maxRows={24}
                  value={draft.html}
                  onChange={(e) => edit('html', e.currentTarget.value)}
                  error={errorOf('html')}
                  styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 12 } }}
                />
              )}
              {PARTS[channel].includes('text') && (
                <Textarea
                  label={channel === 'sms' ? t('editor.smsText') : t('editor.emailText')}
                  autosize
                  minRows={channel === 'sms' ? 3 : 6}
                  maxRows={16}
                  value={draft.text}
                  onChange={(e) => edit('text', e.currentTarget.value)}
                  error={errorOf('text')}
                  styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 12 } }}
                />
              )}
              <GeneralError text={p.general} />
              <Group gap="xs">
                <Button type="submit" loading={created.loading} disabled={!changed && !!chosen}>
                  {t('editor.save')}
                </Button>
                <Button variant="default" disabled={!changed} onClick={() => setDraft(original)}>
                  {t('editor.undo')}
                </Button>
                {chosen && chosen.status !== 'active' && (
                  <Button
                    color={MEANING.ok}
                    loading={activated.loading}
                    disabled={changed}
                    onClick={() => void activateChosen()}
                    title={changed ? t('editor.saveFirst') : undefined}
                  >
                    {t('editor.activate', { n: chosen.version })}
                  </Button>
                )}
              </Group>
              {chosen && chosen.status !== 'active' && changed && (
                <Text size="xs" c="dimmed">
                  {t('editor.saveFirst')}
                </Text>
              )}
              {activated.error && <ActivationRefused error={activated.error} />}
              {activated.data && !activated.error && (
                <Text size="sm" c={MEANING.ok} role="status">
                  {t('editor.activated')}
                </Text>
              )}
            </Stack>
          </Paper>
          <DraftFindings state={live} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 6 }}>
        <Paper withBorder p="sm" style={{ position: 'sticky', top: 64 }}>
          <TextInput
            size="xs"
            mb="xs"
            label={t('editor.previewCase')}
            description={t('editor.previewCaseHint')}
            value={caseId}
            onChange={(e) => setCaseId(e.currentTarget.value.trim())}
            error={live.errorOf('caseId')}
            maw={420}
          />
          <Tabs value={tab} onChange={(v) => v && setTab(v)}>
            <Tabs.List>
              <Tabs.Tab value="draft">{t('editor.draftTab')}</Tabs.Tab>
              <Tabs.Tab value="rendered" disabled={!chosen}>
                {chosen ? t('editor.renderedTab', { n: chosen.version }) : t('editor.renderedNone')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="draft" pt="sm">
              <DraftPreview channel={channel} state={live} />
            </Tabs.Panel>
            <Tabs.Panel value="rendered" pt="sm">
              {chosen && <RenderedPreview versionId={chosen.id} channel={channel} caseId={caseId || null} />}
            </Tabs.Panel>
          </Tabs>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}

/** Activation refused: every unknown variable and missing legal mention, as the API lists them. */
function ActivationRefused({ error }: { error: unknown }) {
  const { t } = useTranslation('admin');
  const list = Object.entries(fieldProblems(error));
  return (
    <Notice tone="error" role="alert" title={t('editor.refused')}>
      <Text size="sm">{errorText(error)}</Text>
      {list.length > 0 && (
        <List size="sm" mt={4}>
          {list.map(([field, reason]) => (
            <List.Item key={field}>
              <Text span size="xs" ff="monospace" mr={6}>
                {field}
              </Text>
              {reason}
            </List.Item>
          ))}
        </List>
      )}
    </Notice>
  );
}

/** The version as the communications service renders it for the sample case (or a real one), with its checks. */
function RenderedPreview({ versionId, channel, caseId }: { versionId: string; channel: TemplateChannel; caseId: string | null }) {
  const { t } = useTranslation('admin');
  const [view, setView] = useState<'pdf' | 'html'>('pdf');
  const { data, loading, error, refetch } = useQuery(PREVIEW, { variables: { versionId, caseId }, fetchPolicy: 'no-cache' });
  const pv = data?.previewTemplate;
  return (
    <Stack gap="xs">
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading label={t('editor.rendering')} />}
      {pv && (
        <>
          <MentionsCheck valid={pv.valid} problems={pv.problems} />
          {channel === 'letter' && (
            <SegmentedControl
              size="xs"
              w="fit-content"
              aria-label={t('editor.letterView')}
              value={view}
              onChange={(v) => setView(v as 'pdf' | 'html')}
              data={[
                { value: 'pdf', label: t('editor.pdf') },
                { value: 'html', label: t('editor.pageHtml') },
              ]}
            />
          )}
          {channel === 'letter' && view === 'pdf' && <LetterPdf versionId={versionId} caseId={caseId} />}
          {channel === 'email' && pv.subject != null && (
            <Text size="sm">
              <Text span c="dimmed">
                {t('editor.subject')}:{' '}
              </Text>
              {pv.subject}
            </Text>
          )}
          {(channel === 'email' || (channel === 'letter' && view === 'html')) && pv.html && (
            <PreviewFrame title={t('editor.renderedFrame')} testId="rendered-preview" html={pv.html} />
          )}
          {channel === 'sms' && pv.text != null && (
            <Paper bg="gray.1" p="sm" radius="md" maw={360} data-testid="rendered-preview">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {pv.text}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {t('editor.smsSegments', { count: pv.smsSegments ?? 0, encoding: pv.smsEncoding ?? '' })}
              </Text>
            </Paper>
          )}
          {!pv.html && pv.text == null && (
            <Text size="sm" c="dimmed">
              {t('editor.noRender')}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}

/** The letter's A4 page as the service prints it (a PDF, rendered on demand: it takes a moment). */
function LetterPdf({ versionId, caseId }: { versionId: string; caseId: string | null }) {
  const { t } = useTranslation('admin');
  const { data, loading, error, refetch } = useQuery(PREVIEW_PDF, { variables: { versionId, caseId }, fetchPolicy: 'no-cache' });
  const base64 = data?.previewTemplate.pdfBase64 ?? null;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!base64) return setUrl(null);
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const u = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [base64]);
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (loading && !data) return <Loading label={t('editor.renderingPdf')} />;
  if (!base64 || !url)
    return (
      <Text size="sm" c="dimmed">
        {t('editor.noPdf')}
      </Text>
    );
  return (
    <Stack gap={4}>
      <object
        data={url}
        type="application/pdf"
        aria-label={t('editor.pdfFrame')}
        data-testid="rendered-pdf"
        style={{ width: '100%', height: 640 }}
      >
        <Text size="sm">{t('editor.pdfFallback')}</Text>
      </object>
      <Anchor href={url} download={`template-${versionId}.pdf`} size="xs">
        {t('editor.downloadPdf', { kb: Math.round((base64.length * 3) / 4 / 1024) })}
      </Anchor>
    </Stack>
  );
}
