import { useApolloClient, useQuery } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Anchor, Badge, Button, Group, List, Loader, Paper, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, fieldProblems } from '../api/errors';
import { ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { graphql } from '../gql';
import type { AdminTemplateDraftPreviewQuery, TemplateDraftPreviewInput } from '../gql/graphql';
import { Notice } from '../legal/Notice';
import { MEANING } from '../theme';
import { PreviewFrame } from './PreviewFrame';
import { AGENCY, type TemplateChannel } from './template-words';

const DRAFT_PREVIEW = graphql(`
  query AdminTemplateDraftPreview($input: TemplateDraftPreviewInput!) {
    templateDraftPreview(input: $input) {
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

const DRAFT_PDF = graphql(`
  query AdminTemplateDraftPdf($input: TemplateDraftPreviewInput!) {
    templateDraftPreview(input: $input) {
      channel
      pdfBase64
    }
  }
`);

const DEFAULTS = graphql(`
  query AdminTemplateDefaults($kind: String, $language: String, $channel: String) {
    defaultTemplates(kind: $kind, language: $language, channel: $channel) {
      kind
      language
      channel
      source
      versionId
      version
      subject
      html
      text
    }
  }
`);

/** The parts of a template as the editor holds them. */
export type Parts = { subject: string; html: string; text: string };
type Part = keyof Parts;
type Rendered = AdminTemplateDraftPreviewQuery['templateDraftPreview'];
type Problem = Rendered['problems'][number];

/** The API's syntax errors (`extensions.syntax` of a BAD_USER_INPUT): the field, line and column. */
type SyntaxProblem = { field: string; line: number; column: number; message: string };
function syntaxProblems(error: unknown): SyntaxProblem[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.flatMap((e) => (e.extensions?.syntax as SyntaxProblem[] | undefined) ?? []);
}

/** Which of the editor's parts an input field of templateDraftPreview is. */
function partOf(field: string, channel: TemplateChannel): Part | 'caseId' | null {
  if (field === 'input.body') return channel === 'sms' ? 'text' : 'html';
  if (field === 'input.subject') return 'subject';
  if (field === 'input.text') return 'text';
  if (field === 'input.caseId') return 'caseId';
  return null;
}

export interface DraftPreviewState {
  /** The last render the service gave (kept while the text does not parse). */
  rendered: Rendered | null;
  /** The rendered text is not the text as it is now (a pause pending, a request out, or it does not parse). */
  stale: boolean;
  rendering: boolean;
  /** The input the last request was made with (the PDF is printed from it). */
  input: TemplateDraftPreviewInput;
  /** What the API says about a part (a syntax error with its line and column, a body over the limit). */
  errorOf: (part: Part | 'caseId') => string | undefined;
  /** An error about no part (the service not answering, say). */
  otherError: unknown;
}

/**
 * The unsaved text rendered by the communications service (templateDraftPreview) a moment after
 * typing stops (400 ms): the same rendering and legal mentions check as a saved version, for the
 * sample case or the case given.
 */
export function useDraftPreview(args: {
  owner: string;
  kind: string;
  language: string;
  channel: TemplateChannel;
  draft: Parts;
  caseId: string;
}): DraftPreviewState {
  const { t } = useTranslation('admin');
  const { owner, kind, language, channel, draft, caseId } = args;
  const input = useMemo<TemplateDraftPreviewInput>(
    () => ({
      brandId: owner === AGENCY ? null : owner,
      kind,
      language,
      channel,
      body: channel === 'sms' ? draft.text : draft.html,
      ...(channel === 'email' && { subject: draft.subject, text: draft.text }),
      caseId: caseId || null,
    }),
    [owner, kind, language, channel, draft, caseId],
  );
  const [debounced] = useDebouncedValue(input, 400);
  const { data, loading, error } = useQuery(DRAFT_PREVIEW, { variables: { input: debounced }, fetchPolicy: 'no-cache' });
  const [rendered, setRendered] = useState<Rendered | null>(null);
  useEffect(() => {
    if (data) setRendered(data.templateDraftPreview);
  }, [data]);

  const byPart = useMemo(() => {
    const out: Partial<Record<Part | 'caseId', string>> = {};
    const add = (field: string, text: string) => {
      const part = partOf(field, channel);
      if (part) out[part] = out[part] ? `${out[part]}; ${text}` : text;
    };
    const syntax = syntaxProblems(error);
    for (const s of syntax) add(s.field, `${t('draft.syntaxAt', { line: s.line, column: s.column })} ${s.message}`);
    for (const [field, reason] of Object.entries(fieldProblems(error))) if (!syntax.some((s) => s.field === field)) add(field, reason);
    return out;
  }, [error, channel, t]);
  const placed = Object.keys(byPart).length > 0;
  return {
    rendered: data?.templateDraftPreview ?? rendered,
    stale: !!error || loading || debounced !== input,
    rendering: loading || debounced !== input,
    input: debounced,
    errorOf: (part) => byPart[part],
    otherError: error && !placed ? error : null,
  };
}

/** The service's rendering of the unsaved text: the letter's page (its PDF on demand), the e-mail, the SMS. */
export function DraftPreview({ state, channel }: { state: DraftPreviewState; channel: TemplateChannel }) {
  const { t } = useTranslation('admin');
  const r = state.rendered;
  return (
    <Stack gap="xs">
      <Group gap="xs" justify="space-between" mih={24}>
        <Text size="xs" c="dimmed">
          {state.input.caseId ? t('draft.hintCase') : t('draft.hint')}
        </Text>
        <Text size="xs" c="dimmed" role="status" aria-live="polite">
          {state.rendering ? (
            <>
              <Loader size={10} mr={6} aria-hidden />
              {t('draft.rendering')}
            </>
          ) : state.stale && r ? (
            t('draft.lastGood')
          ) : r ? (
            t('draft.upToDate')
          ) : null}
        </Text>
      </Group>
      {state.otherError ? <ErrorState error={state.otherError} /> : null}
      {!r && !state.otherError && <Loading label={t('editor.rendering')} />}
      {r && (
        <>
          {channel === 'email' && r.subject != null && (
            <Text size="sm">
              <Text span c="dimmed">
                {t('editor.subject')}:{' '}
              </Text>
              {r.subject}
            </Text>
          )}
          {(channel === 'email' || channel === 'letter') && r.html && (
            <PreviewFrame title={t('editor.draftFrame')} testId="draft-preview" html={r.html} />
          )}
          {channel === 'sms' && r.text != null && (
            <Paper bg="gray.1" p="sm" radius="md" maw={360} data-testid="draft-preview">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {r.text}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {t('editor.smsSegments', { count: r.smsSegments ?? 0, encoding: r.smsEncoding ?? '' })}
              </Text>
            </Paper>
          )}
          {!r.html && r.text == null && (
            <Text size="sm" c="dimmed">
              {t('draft.noRender')}
            </Text>
          )}
          {channel === 'letter' && r.html && <DraftPdf input={state.input} stale={state.stale} />}
        </>
      )}
    </Stack>
  );
}

/**
 * The letter's PDF, printed on demand: a PDF takes the print pool a second or two (about 0.6 s
 * warm on this machine, 2.3 s for the first), too much for every pause in typing; the page
 * HTML above is the same document the PDF is printed from.
 */
function DraftPdf({ input, stale }: { input: TemplateDraftPreviewInput; stale: boolean }) {
  const { t } = useTranslation('admin');
  const [asked, setAsked] = useState<TemplateDraftPreviewInput | null>(null);
  const { data, loading, error } = useQuery(DRAFT_PDF, { variables: { input: asked! }, skip: !asked, fetchPolicy: 'no-cache' });
  const base64 = asked ? (data?.templateDraftPreview.pdfBase64 ?? null) : null;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!base64) return setUrl(null);
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const u = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [base64]);
  const outdated = !!asked && asked !== input;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button size="xs" variant="light" loading={loading} disabled={stale} onClick={() => setAsked(input)}>
          {asked ? t('draft.printAgain') : t('draft.print')}
        </Button>
        {outdated && (
          <Text size="xs" c="dimmed">
            {t('draft.pdfOutdated')}
          </Text>
        )}
      </Group>
      {error && <ErrorState error={error} onRetry={() => setAsked({ ...input })} />}
      {url && base64 && (
        <>
          <object
            data={url}
            type="application/pdf"
            aria-label={t('draft.pdfFrame')}
            data-testid="draft-pdf"
            style={{ width: '100%', height: 640 }}
          >
            <Text size="sm">{t('editor.pdfFallback')}</Text>
          </object>
          <Anchor href={url} download="template-draft.pdf" size="xs">
            {t('editor.downloadPdf', { kb: Math.round((base64.length * 3) / 4 / 1024) })}
          </Anchor>
        </>
      )}
    </Stack>
  );
}

/** The legal mentions check of the unsaved text, beside the editor (of the last text that rendered while it does not parse). */
export function DraftFindings({ state }: { state: DraftPreviewState }) {
  const { t } = useTranslation('admin');
  const r = state.rendered;
  if (!r) return null;
  return (
    <div data-testid="draft-findings">
      <MentionsCheck valid={r.valid} problems={r.problems} of="draft" />
      {state.stale && !state.rendering && (
        <Text size="xs" c="dimmed" mt={4}>
          {t('draft.findingsLastGood')}
        </Text>
      )}
    </div>
  );
}

/**
 * The legal mentions check: whether the text could be activated, and what stops it — a saved
 * version's (`of="version"`) or the unsaved text's.
 */
export function MentionsCheck({ valid, problems, of = 'version' }: { valid: boolean; problems: Problem[]; of?: 'version' | 'draft' }) {
  const { t } = useTranslation('admin');
  if (valid && !problems.length)
    return (
      <Notice tone="ok" title={t('editor.checkOk')} role="status">
        <Text size="sm">{of === 'draft' ? t('draft.checkOkText') : t('editor.checkOkText')}</Text>
      </Notice>
    );
  return (
    <Notice tone={valid ? 'warn' : 'error'} title={valid ? t('editor.checkWarnings') : t('editor.checkFailed')}>
      <ScrollRegion label={t('editor.problems', { count: problems.length })} maxHeight="240px">
        <List size="sm" spacing={2}>
          {problems.map((pr, i) => (
            <List.Item key={i}>
              {pr.mentionId && (
                <Badge size="xs" color={MEANING.legal} mr={6}>
                  {pr.mentionId}
                </Badge>
              )}
              {pr.variable && (
                <Text span size="xs" ff="monospace" mr={6}>
                  {`{{${pr.variable}}}`}
                </Text>
              )}
              {pr.message}
              {pr.line != null && (
                <Text span size="xs" c="dimmed" ml={6}>
                  {t('editor.line', { n: pr.line })}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      </ScrollRegion>
    </Notice>
  );
}

/**
 * A template the owner has no version of yet: start from the text it is sent today — for a
 * brand the agency default (its active version, else the built-in text), for the agency the
 * built-in text.
 */
export function StartFromDefault(props: {
  owner: string;
  kind: string;
  language: string;
  channel: TemplateChannel;
  onStart: (parts: Parts) => void;
}) {
  const { t } = useTranslation('admin');
  const apollo = useApolloClient();
  const [state, setState] = useState<{ loading: boolean; error: unknown; from: string | null }>({
    loading: false,
    error: null,
    from: null,
  });
  const start = async () => {
    setState({ loading: true, error: null, from: null });
    try {
      const { data } = await apollo.query({
        query: DEFAULTS,
        variables: { kind: props.kind, language: props.language, channel: props.channel },
        fetchPolicy: 'no-cache',
      });
      const d = data?.defaultTemplates[0];
      if (!d) throw new Error(t('draft.noDefault'));
      props.onStart({ subject: d.subject ?? '', html: d.html ?? '', text: d.text ?? '' });
      setState({
        loading: false,
        error: null,
        from: d.source === 'agency' ? t('draft.fromAgency', { n: d.version }) : t('draft.fromBuiltIn'),
      });
    } catch (error) {
      setState({ loading: false, error, from: null });
    }
  };
  return (
    <Stack gap={6} align="flex-start">
      <Text size="sm" c="dimmed">
        {props.owner === AGENCY ? t('editor.noVersionsAgency') : t('editor.noVersionsBrand')}
      </Text>
      <Button size="xs" variant="light" loading={state.loading} onClick={() => void start()}>
        {props.owner === AGENCY ? t('draft.startBuiltIn') : t('draft.startDefault')}
      </Button>
      {state.from && (
        <Text size="xs" c={MEANING.ok} role="status">
          {state.from}
        </Text>
      )}
      {state.error ? (
        <Text size="xs" c="red.9" role="alert">
          {errorText(state.error)}
        </Text>
      ) : null}
    </Stack>
  );
}
