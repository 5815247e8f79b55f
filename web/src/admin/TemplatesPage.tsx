import { useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { SortTh, useSort } from '../legal/SortableTable';
import { MEANING } from '../theme';
import { AGENCY, TEMPLATE_CHANNELS, TEMPLATE_KINDS, TEMPLATE_LANGUAGES } from './template-words';

const BRANDS = graphql(`
  query AdminTemplateOwners {
    clients {
      id
      name
      brands {
        id
        name
      }
    }
  }
`);

const TEMPLATES = graphql(`
  query AdminTemplates($brandId: ID, $kind: String, $language: String) {
    templates(brandId: $brandId, kind: $kind, language: $language) {
      id
      templateId
      brandId
      kind
      language
      channel
      version
      status
      createdAt
      activatedAt
    }
  }
`);

/** Where a template is edited: its owner, kind, language and channel (and a version to start from). */
export function editorPath(owner: string, kind: string, language: string, channel: string, versionId?: string): string {
  const q = new URLSearchParams({ owner, kind, language, channel, ...(versionId ? { version: versionId } : {}) });
  return `/admin/templates/edit?${q.toString()}`;
}

/** Who a template belongs to, in words. */
export function useOwnerName() {
  const { t } = useTranslation('admin');
  const { data } = useQuery(BRANDS);
  const names = useMemo(
    () => new Map((data?.clients ?? []).flatMap((c) => c.brands.map((b) => [b.id, `${b.name} (${c.name})`] as const))),
    [data],
  );
  return { name: (owner: string) => (owner === AGENCY ? t('templates.agencyDefault') : (names.get(owner) ?? owner)), data };
}

type Column = 'kind' | 'language' | 'channel' | 'active' | 'latest' | 'changed';

/**
 * The templates of the agency default set or of one brand (a brand's template overrides the
 * default of its kind, language and channel), one row per template with its active and latest
 * version; a template opens in the editor.
 */
export function TemplatesPage() {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const owner = params.get('brand') ?? AGENCY;
  const kind = params.get('kind') ?? '';
  const language = params.get('language') ?? '';
  const owners = useOwnerName();
  const { data, loading, error, refetch } = useQuery(TEMPLATES, {
    variables: { brandId: owner === AGENCY ? null : owner, kind: kind || null, language: language || null },
  });
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value && !(key === 'brand' && value === AGENCY)) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const rows = useMemo(() => {
    const byTemplate = new Map<string, NonNullable<typeof data>['templates']>();
    for (const v of data?.templates ?? []) byTemplate.set(v.templateId, [...(byTemplate.get(v.templateId) ?? []), v]);
    return [...byTemplate.values()].map((versions) => {
      const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
      const active = versions.find((v) => v.status === 'active') ?? null;
      return { ...latest, latest, active, count: versions.length };
    });
  }, [data]);
  const { sorted, sort, toggle } = useSort<(typeof rows)[number], Column>(
    rows,
    {
      kind: (r) => t(`kinds.${r.kind}`, { defaultValue: r.kind }),
      language: (r) => r.language,
      channel: (r) => r.channel,
      active: (r) => r.active?.version ?? null,
      latest: (r) => r.latest.version,
      changed: (r) => r.latest.createdAt,
    },
    { key: 'kind', direction: 'asc' },
    f.locale,
  );

  const brandOptions = (owners.data?.clients ?? []).flatMap((c) =>
    c.brands.map((b) => ({ value: b.id, label: t('templates.brandOf', { brand: b.name, client: c.name }) })),
  );

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">
          {t('templates.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('templates.subtitle')}
        </Text>
      </div>
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label={t('templates.owner')}
          value={owner}
          onChange={(e) => setFilter('brand', e.currentTarget.value)}
          data={[{ value: AGENCY, label: t('templates.agencyDefault') }, ...brandOptions]}
        />
        <NativeSelect
          label={t('templates.kind')}
          value={kind}
          onChange={(e) => setFilter('kind', e.currentTarget.value)}
          data={[{ value: '', label: t('templates.allKinds') }, ...TEMPLATE_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))]}
        />
        <NativeSelect
          label={t('templates.language')}
          value={language}
          onChange={(e) => setFilter('language', e.currentTarget.value)}
          data={[
            { value: '', label: t('templates.allLanguages') },
            ...TEMPLATE_LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) })),
          ]}
        />
      </Group>
      <NewTemplate owner={owner} kind={kind} language={language} />
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !rows.length && (
        <Empty title={t('templates.empty', { owner: owners.name(owner) })}>
          {owner === AGENCY ? t('templates.emptyAgency') : t('templates.emptyBrand')}
        </Empty>
      )}
      {rows.length > 0 && (
        <ScrollRegion label={t('templates.list')} maxHeight="calc(100vh - 320px)">
          <Table className="sticky-head" aria-label={t('templates.list')}>
            <Table.Thead>
              <Table.Tr>
                <SortTh column="kind" sort={sort} onSort={toggle}>
                  {t('templates.kind')}
                </SortTh>
                <SortTh column="language" sort={sort} onSort={toggle}>
                  {t('templates.language')}
                </SortTh>
                <SortTh column="channel" sort={sort} onSort={toggle}>
                  {t('templates.channel')}
                </SortTh>
                <SortTh column="active" sort={sort} onSort={toggle}>
                  {t('templates.activeVersion')}
                </SortTh>
                <SortTh column="latest" sort={sort} onSort={toggle}>
                  {t('templates.latestVersion')}
                </SortTh>
                <SortTh column="changed" sort={sort} onSort={toggle}>
                  {t('templates.changed')}
                </SortTh>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((r) => {
                const to = editorPath(owner, r.kind, r.language, r.channel);
                return (
                  <Table.Tr key={r.templateId} style={{ cursor: 'pointer' }} onClick={() => void navigate(to)}>
                    <Table.Td>
                      <Anchor component={Link} to={to} size="sm" fw={500} onClick={(e) => e.stopPropagation()}>
                        {t(`kinds.${r.kind}`, { defaultValue: r.kind })}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t(`languages.${r.language}`, { defaultValue: r.language })}</Table.Td>
                    <Table.Td>{t(`channels.${r.channel}`, { defaultValue: r.channel })}</Table.Td>
                    <Table.Td>
                      {r.active ? (
                        <Badge color={MEANING.ok} size="sm">
                          v{r.active.version}
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {owner === AGENCY ? t('templates.builtIn') : t('templates.fallsBack')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      v{r.latest.version}{' '}
                      <Text span size="xs" c="dimmed">
                        {t(`status.${r.latest.status}`)} · {t('templates.versions', { count: r.count })}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{f.dateTime(r.latest.createdAt)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  );
}

/** A template not written yet: choose what it is for, then write it in the editor. */
function NewTemplate({ owner, kind, language }: { owner: string; kind: string; language: string }) {
  const { t } = useTranslation('admin');
  const navigate = useNavigate();
  const [choice, setChoice] = useState({ kind: '', language: '', channel: 'letter' });
  const k = choice.kind || kind || TEMPLATE_KINDS[1];
  const l = choice.language || language || TEMPLATE_LANGUAGES[0];
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      aria-label={t('templates.new')}
      onSubmit={(e) => {
        e.preventDefault();
        void navigate(editorPath(owner, k, l, choice.channel));
      }}
    >
      <Group gap="sm" align="flex-end">
        <Text size="sm" fw={600} mb={6}>
          {t('templates.new')}
        </Text>
        <NativeSelect
          size="xs"
          label={t('templates.kind')}
          value={k}
          onChange={(e) => setChoice({ ...choice, kind: e.currentTarget.value })}
          data={TEMPLATE_KINDS.map((x) => ({ value: x, label: t(`kinds.${x}`) }))}
        />
        <NativeSelect
          size="xs"
          label={t('templates.language')}
          value={l}
          onChange={(e) => setChoice({ ...choice, language: e.currentTarget.value })}
          data={TEMPLATE_LANGUAGES.map((x) => ({ value: x, label: t(`languages.${x}`) }))}
        />
        <NativeSelect
          size="xs"
          label={t('templates.channel')}
          value={choice.channel}
          onChange={(e) => setChoice({ ...choice, channel: e.currentTarget.value })}
          data={TEMPLATE_CHANNELS.map((x) => ({ value: x, label: t(`channels.${x}`) }))}
        />
        <Button type="submit" size="xs" variant="light">
          {t('templates.open')}
        </Button>
      </Group>
    </Paper>
  );
}
