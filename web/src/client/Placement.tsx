import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorText, fieldProblems } from '../api/errors';
import { useUser } from '../auth/session';
import { ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { ClientPlacementImportMutation, ClientPlacementPreviewQuery, ColumnMappingInput } from '../gql/graphql';
import { MEANING } from '../theme';
import { CLIENT_BRANDS } from './CaseList';

const PREVIEW = graphql(`
  query ClientPlacementPreview($input: PreviewPlacementInput!) {
    previewPlacementFile(input: $input) {
      header
      mappingSource
      unmappedColumns
      mapping {
        columns {
          field
          column
        }
        decimalSeparator
        defaultCurrency
        defaultCountry
        defaultKind
        defaultLanguage
      }
      mappingProblems {
        kind
        line
        field
        reason
      }
      rows {
        line
        ok
        row
        errors {
          kind
          field
          reason
        }
        warnings {
          kind
          field
          reason
        }
      }
    }
  }
`);

const IMPORT = graphql(`
  mutation ClientPlacementImport($input: PlacementFileInput!) {
    importPlacementFile(input: $input) {
      placementId
      rowsRead
      imported
      rejected
      casesOpened
      casesExtended
      duplicates
      conflicts
      warnings
      issues {
        kind
        line
        field
        reason
      }
    }
  }
`);

/** The fields a column can hold (ColumnAssignment.field in the API), in the order a row reads. */
const FIELDS = [
  'clientDebtorReference',
  'debtorName',
  'debtorKind',
  'vatNumber',
  'email',
  'phone',
  'addressLine1',
  'addressLine2',
  'postcode',
  'city',
  'country',
  'language',
  'invoiceNumber',
  'issueDate',
  'dueDate',
  'amount',
  'currency',
  'description',
  'debtorIban',
  'interestClause',
  'damagesClause',
  'firstReminderSentOn',
  'brand',
] as const;

const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT =
  '.csv,.tsv,.txt,.xlsx,text/csv,text/plain,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Preview = ClientPlacementPreviewQuery['previewPlacementFile'];
type Report = ClientPlacementImportMutation['importPlacementFile'];
interface ChosenFile {
  name: string;
  base64: string;
}

/** The file's bytes as base64 (what previewPlacementFile and importPlacementFile take). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** The mapping as the API takes it back (its own answer, without the type names). */
function mappingInput(m: Preview['mapping']): ColumnMappingInput {
  return {
    columns: m.columns.map((c) => ({ field: c.field, column: c.column })),
    decimalSeparator: m.decimalSeparator,
    defaultCurrency: m.defaultCurrency,
    defaultCountry: m.defaultCountry,
    defaultKind: m.defaultKind,
    defaultLanguage: m.defaultLanguage,
  };
}

/**
 * Placing claims by file: drop (or choose) a CSV or XLSX export, see its first rows as they will
 * be read and which column holds what (change a column and the preview follows), import, and
 * read the report with every refused line and its reason.
 */
export function Placement() {
  const { t } = useTranslation('client');
  const user = useUser();
  const clientId = user.clientId ?? '';
  const apollo = useApolloClient();
  const brands = useQuery(CLIENT_BRANDS, { variables: { id: clientId }, skip: !clientId });
  const [brandId, setBrandId] = useState<string | null>(null);
  const brandOptions = (brands.data?.client?.brands ?? []).map((b) => ({ value: b.id, label: b.name }));
  const brand = brandId ?? brandOptions[0]?.value ?? null;

  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saveMapping, setSaveMapping] = useState(true);
  const [report, setReport] = useState<Report | null>(null);
  const [runImport, imported] = useMutation(IMPORT);

  async function ask(chosen: ChosenFile, mapping?: ColumnMappingInput, forBrand = brand) {
    setPreviewing(true);
    setPreviewError(null);
    try {
      const input = {
        clientId,
        ...(forBrand ? { brandId: forBrand } : {}),
        fileName: chosen.name,
        contentBase64: chosen.base64,
        rows: 10,
        ...(mapping ? { mapping } : {}),
      };
      const answer = await apollo.query({ query: PREVIEW, variables: { input }, fetchPolicy: 'no-cache' });
      setPreview(answer.data?.previewPlacementFile ?? null);
    } catch (e) {
      setPreviewError(e);
    } finally {
      setPreviewing(false);
    }
  }

  async function choose(f: File | null | undefined) {
    if (!f) return;
    setFileProblem(null);
    setReport(null);
    setPreview(null);
    imported.reset();
    if (!/\.(csv|tsv|txt|xlsx)$/i.test(f.name)) return setFileProblem(t('place.wrongType'));
    if (f.size > MAX_BYTES) return setFileProblem(t('place.tooLarge'));
    setReading(f.name);
    try {
      const chosen = { name: f.name, base64: await readBase64(f) };
      setFile(chosen);
      await ask(chosen);
    } catch (e) {
      setFileProblem(errorText(e));
    } finally {
      setReading(null);
    }
  }

  function remap(column: string, field: string | null) {
    if (!preview || !file) return;
    const columns = preview.mapping.columns.filter((c) => c.column !== column && c.field !== field);
    if (field) columns.push({ field, column });
    void ask(file, mappingInput({ ...preview.mapping, columns }));
  }

  async function confirm() {
    if (!preview || !file) return;
    const input = {
      clientId,
      ...(brand ? { brandId: brand } : {}),
      fileName: file.name,
      contentBase64: file.base64,
      mapping: mappingInput(preview.mapping),
      saveMapping,
    };
    const done = await runImport({ variables: { input }, refetchQueries: ['ClientDashboardPortfolio'] }).catch(() => null);
    if (done?.data) setReport(done.data.importPlacementFile);
  }

  function restart() {
    setFile(null);
    setPreview(null);
    setReport(null);
    setPreviewError(null);
    imported.reset();
  }

  const step = report ? 2 : preview ? 1 : 0;
  const importProblems = fieldProblems(imported.error);
  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">
          {t('place.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('place.subtitle')}
        </Text>
      </div>
      <Stepper active={step} size="sm" allowNextStepsSelect={false} aria-label={t('place.title')}>
        <Stepper.Step label={t('place.steps.file')} />
        <Stepper.Step label={t('place.steps.check')} />
        <Stepper.Step label={t('place.steps.report')} />
      </Stepper>

      {!report && (
        <Group align="flex-end" gap="sm">
          <Select
            label={t('place.brand')}
            data={brandOptions}
            value={brand}
            onChange={(v) => {
              setBrandId(v);
              if (file) void ask(file, preview ? mappingInput(preview.mapping) : undefined, v);
            }}
            allowDeselect={false}
            w={320}
          />
          {file && (
            <Text size="sm" pb={6}>
              {t('place.file', { name: file.name })}
            </Text>
          )}
          {file && (
            <Button variant="subtle" onClick={restart}>
              {t('place.another')}
            </Button>
          )}
        </Group>
      )}

      {!file && !report && <DropZone onFile={(f) => void choose(f)} busy={reading} problem={fileProblem} />}
      {file && previewing && !preview && <Loading label={t('place.previewing')} />}
      {previewError != null && <ErrorState error={previewError} onRetry={() => void ask(file!)} />}

      {preview && !report && (
        <>
          <PreviewRows preview={preview} busy={previewing} />
          <MappingEditor preview={preview} onChange={remap} busy={previewing} />
          {Object.keys(importProblems).length > 0 && (
            <Alert color="red" role="alert" title={t('place.mappingProblems')}>
              <List size="sm">
                {Object.entries(importProblems).map(([field, reason]) => (
                  <List.Item key={field}>
                    {t(`fields.${field.replace(/^input\./, '').replace(/^mapping\./, '')}`, { defaultValue: field })}: {reason}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {imported.error && !Object.keys(importProblems).length && <ErrorState error={imported.error} />}
          <Group justify="space-between">
            <Checkbox label={t('place.saveMapping')} checked={saveMapping} onChange={(e) => setSaveMapping(e.currentTarget.checked)} />
            <Button
              onClick={() => void confirm()}
              loading={imported.loading}
              disabled={previewing || preview.mappingProblems.length > 0}
              size="md"
            >
              {t('place.confirm')}
            </Button>
          </Group>
        </>
      )}

      {report && <ImportReport report={report} onAgain={restart} />}
    </Stack>
  );
}

/** Drag and drop onto a box (the browser's own events), with a button for keyboards and touch. */
function DropZone({
  onFile,
  busy,
  problem,
}: {
  onFile: (f: File | null | undefined) => void;
  busy: string | null;
  problem: string | null;
}) {
  const { t } = useTranslation('client');
  const [over, setOver] = useState(false);
  const stop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <Paper
      withBorder
      p="xl"
      data-dropzone
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-color-indigo-8)' : undefined,
        background: over ? 'var(--mantine-color-indigo-0)' : undefined,
      }}
      onDragEnter={(e) => {
        stop(e);
        setOver(true);
      }}
      onDragOver={(e) => {
        stop(e);
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        stop(e);
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        stop(e);
        setOver(false);
        onFile(e.dataTransfer.files[0]);
      }}
    >
      <Stack align="center" gap="xs">
        <Text fw={600} size="lg">
          {over ? t('place.dropActive') : t('place.drop')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('place.dropHint')}
        </Text>
        <FileButton onChange={onFile} accept={ACCEPT}>
          {(props) => (
            <Button {...props} variant="light" loading={busy !== null}>
              {t('place.choose')}
            </Button>
          )}
        </FileButton>
        {busy && (
          <Text size="sm" role="status">
            {t('place.reading', { name: busy })}
          </Text>
        )}
        {problem && (
          <Text size="sm" c={MEANING.refused} role="alert">
            {problem}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

interface ReadRow {
  debtor?: { name?: string };
  claim?: { invoiceNumber?: string; issueDate?: string; dueDate?: string; principal?: { amountMinor?: string; currency?: string } };
}

function PreviewRows({ preview, busy }: { preview: Preview; busy: boolean }) {
  const { t } = useTranslation('client');
  const f = useFormat();
  const issueText = (i: { field: string; reason: string }) => `${t(`fields.${i.field}`, { defaultValue: i.field })}: ${i.reason}`;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="preview-title">
      <Title order={2} size="h5" mb="xs" id="preview-title">
        {t('place.previewTitle')}
      </Title>
      <ScrollRegion label={t('place.previewTable')} maxHeight="360px">
        <Table aria-label={t('place.previewTable')} aria-busy={busy} className="sticky-head">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('place.line')}</Table.Th>
              <Table.Th>{t('place.rowStatus')}</Table.Th>
              <Table.Th>{t('place.debtor')}</Table.Th>
              <Table.Th>{t('place.invoice')}</Table.Th>
              <Table.Th>{t('place.issued')}</Table.Th>
              <Table.Th>{t('place.due')}</Table.Th>
              <Table.Th ta="right">{t('place.amount')}</Table.Th>
              <Table.Th>{t('place.problems')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((r) => {
              const read = (r.row ? JSON.parse(r.row) : {}) as ReadRow;
              const principal = read.claim?.principal;
              return (
                <Table.Tr key={r.line}>
                  <Table.Td>{r.line}</Table.Td>
                  <Table.Td>
                    <Badge color={r.ok ? (r.warnings.length ? MEANING.due : MEANING.ok) : MEANING.refused} miw="max-content">
                      {r.ok ? (r.warnings.length ? t('place.warning') : t('place.ok')) : t('place.refused')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{read.debtor?.name ?? '—'}</Table.Td>
                  <Table.Td>{read.claim?.invoiceNumber ?? '—'}</Table.Td>
                  <Table.Td>{f.date(read.claim?.issueDate)}</Table.Td>
                  <Table.Td>{f.date(read.claim?.dueDate)}</Table.Td>
                  <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {principal?.amountMinor && principal.currency ? f.money(principal.amountMinor, principal.currency) : '—'}
                  </Table.Td>
                  <Table.Td>
                    {[...r.errors, ...r.warnings].map((i, n) => (
                      <Text key={n} size="xs" c={i.kind === 'warning' ? undefined : MEANING.refused}>
                        {issueText(i)}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </Paper>
  );
}

function MappingEditor({
  preview,
  onChange,
  busy,
}: {
  preview: Preview;
  onChange: (column: string, field: string | null) => void;
  busy: boolean;
}) {
  const { t } = useTranslation('client');
  const fieldOf = new Map(preview.mapping.columns.map((c) => [c.column, c.field]));
  const options = [{ value: '', label: t('place.notUsed') }, ...FIELDS.map((f) => ({ value: f, label: t(`fields.${f}`) }))];
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="mapping-title">
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h5" id="mapping-title">
          {t('place.mappingTitle')}
        </Title>
        <Text size="sm" c={MEANING.info} fw={500}>
          {t(`place.mappingSource.${preview.mappingSource}`, { defaultValue: preview.mappingSource })}
        </Text>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('place.mappingText')}
      </Text>
      {preview.mappingProblems.length > 0 && (
        <Alert color="red" role="alert" title={t('place.mappingProblems')} mb="xs">
          <List size="sm">
            {preview.mappingProblems.map((p, i) => (
              <List.Item key={i}>
                {t(`fields.${p.field}`, { defaultValue: p.field })}: {p.reason}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <SimpleGrid
        cols={{ base: 1, sm: 2, md: 3, lg: 4 }}
        spacing="xs"
        verticalSpacing="xs"
        role="list"
        aria-label={t('place.mappingTable')}
      >
        {preview.header.map((column, i) => (
          <div role="listitem" key={`${i}-${column}`}>
            <Select
              size="xs"
              label={column || `#${i + 1}`}
              aria-label={t('place.fieldFor', { column })}
              data={options}
              value={fieldOf.get(column) ?? ''}
              onChange={(v) => onChange(column, v || null)}
              allowDeselect={false}
              disabled={busy}
              styles={{ label: { fontFamily: 'monospace' } }}
            />
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function ImportReport({ report, onAgain }: { report: Report; onAgain: () => void }) {
  const { t } = useTranslation('client');
  const counts = [
    ['rowsRead', report.rowsRead, undefined],
    ['imported', report.imported, MEANING.ok],
    ['rejected', report.rejected, report.rejected ? MEANING.refused : undefined],
    ['casesOpened', report.casesOpened, undefined],
    ['casesExtended', report.casesExtended, undefined],
    ['duplicates', report.duplicates, undefined],
    ['conflicts', report.conflicts, report.conflicts ? MEANING.refused : undefined],
    ['warnings', report.warnings, undefined],
  ] as const;
  const kindLabel: Record<string, string> = {
    rejected: t('place.refused'),
    warning: t('place.warning'),
    changed_amount: t('place.changedAmount'),
  };
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('place.reportTitle')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="xs" role="list" aria-label={t('place.reportTitle')}>
        {counts.map(([key, value, colour]) => (
          <Paper key={key} withBorder p="xs" role="listitem">
            <Text size="xs" c="dimmed">
              {t(`place.${key}`)}
            </Text>
            <Text size="lg" fw={700} c={colour} data-count={key}>
              {value}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Paper withBorder p="sm" component="section" aria-labelledby="issues-title">
        <Title order={3} size="h5" mb="xs" id="issues-title">
          {t('place.issuesTitle')}
        </Title>
        {report.issues.length === 0 ? (
          <Text size="sm">{t('place.noIssues')}</Text>
        ) : (
          <ScrollRegion label={t('place.issuesTable')} maxHeight="420px">
            <Table aria-label={t('place.issuesTable')} className="sticky-head">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('place.line')}</Table.Th>
                  <Table.Th>{t('place.kind')}</Table.Th>
                  <Table.Th>{t('place.field')}</Table.Th>
                  <Table.Th>{t('place.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.issues.map((i, n) => (
                  <Table.Tr key={n}>
                    <Table.Td>{i.line}</Table.Td>
                    <Table.Td>
                      <Badge color={i.kind === 'warning' ? MEANING.due : MEANING.refused} miw="max-content">
                        {kindLabel[i.kind] ?? i.kind}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{t(`fields.${i.field}`, { defaultValue: i.field })}</Table.Td>
                    <Table.Td>{i.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
        {report.issues.length >= 1000 && (
          <Text size="xs" c="dimmed" mt="xs">
            {t('place.firstIssues', { count: report.issues.length })}
          </Text>
        )}
      </Paper>
      <Group gap="xs">
        <Button component={Link} to="/client/cases">
          {t('place.seeCases')}
        </Button>
        <Button variant="default" onClick={onAgain}>
          {t('place.placeAnother')}
        </Button>
      </Group>
    </Stack>
  );
}
