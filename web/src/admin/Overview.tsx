import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { graphql } from '../gql';
import { SortTh, useSort } from '../legal/SortableTable';
import { useFormat } from '../format';
import { formProblems, GeneralError } from './form-problems';

const CLIENTS = graphql(`
  query AdminClients {
    clients {
      id
      name
      country
      enterpriseNumber
      sme
      brands {
        id
        name
        languages
      }
    }
  }
`);

const CREATE_CLIENT = graphql(`
  mutation AdminCreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      id
      name
    }
  }
`);

type Column = 'name' | 'country' | 'enterpriseNumber' | 'brands';

/** The agency's clients with their brands; a new client is onboarded from here. */
export function Overview() {
  const { t } = useTranslation('admin');
  const f = useFormat();
  const { data, loading, error, refetch } = useQuery(CLIENTS);
  const [creating, setCreating] = useState(false);
  const clients = data?.clients ?? [];
  const { sorted, sort, toggle } = useSort<(typeof clients)[number], Column>(
    clients,
    {
      name: (c) => c.name,
      country: (c) => c.country,
      enterpriseNumber: (c) => c.enterpriseNumber,
      brands: (c) => c.brands.length,
    },
    { key: 'name', direction: 'asc' },
    f.locale,
  );
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h3">
            {t('overview.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('overview.subtitle')}
          </Text>
        </div>
        {!creating && <Button onClick={() => setCreating(true)}>{t('overview.newClient')}</Button>}
      </Group>
      {creating && <NewClient onDone={() => setCreating(false)} />}
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !clients.length && <Empty title={t('overview.empty')}>{t('overview.emptyText')}</Empty>}
      {clients.length > 0 && (
        <ScrollRegion label={t('overview.clients')} maxHeight="calc(100vh - 220px)">
          <Table className="sticky-head" aria-label={t('overview.clients')}>
            <Table.Thead>
              <Table.Tr>
                <SortTh column="name" sort={sort} onSort={toggle}>
                  {t('client.name')}
                </SortTh>
                <SortTh column="country" sort={sort} onSort={toggle}>
                  {t('client.country')}
                </SortTh>
                <SortTh column="enterpriseNumber" sort={sort} onSort={toggle}>
                  {t('client.enterpriseNumber')}
                </SortTh>
                <SortTh column="brands" sort={sort} onSort={toggle}>
                  {t('overview.brands')}
                </SortTh>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/admin/clients/${c.id}`} size="sm" fw={500}>
                      {c.name}
                    </Anchor>
                    {c.sme && (
                      <Badge ml="xs" size="xs" variant="outline" color="gray.7">
                        {t('client.smeBadge')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{c.country}</Table.Td>
                  <Table.Td>{c.enterpriseNumber ?? '—'}</Table.Td>
                  <Table.Td>
                    {c.brands.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('overview.noBrands')}
                      </Text>
                    ) : (
                      <Group gap="xs">
                        {c.brands.map((b) => (
                          <Anchor key={b.id} component={Link} to={`/admin/brands/${b.id}/look`} size="sm">
                            {b.name}
                            <Text span size="xs" c="dimmed" ml={4}>
                              {b.languages.join(', ')}
                            </Text>
                          </Anchor>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  );
}

function NewClient({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', country: 'BE', enterpriseNumber: '', sme: false });
  const [create, { loading, error }] = useMutation(CREATE_CLIENT, { refetchQueries: ['AdminClients'] });
  const p = formProblems(error, ['name', 'country', 'enterpriseNumber', 'sme']);
  const submit = async () => {
    const r = await create({
      variables: {
        input: { name: form.name, country: form.country, enterpriseNumber: form.enterpriseNumber.trim() || null, sme: form.sme },
      },
    }).catch(() => null);
    if (r?.data) void navigate(`/admin/clients/${r.data.createClient.id}`);
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={(e) => (e.preventDefault(), void submit())} aria-label={t('overview.newClient')}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('overview.newClient')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('client.name')}
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={p.of('name')}
          />
          <TextInput
            label={t('client.country')}
            description={t('client.countryHint')}
            required
            maxLength={2}
            value={form.country}
            onChange={(e) => setForm({ ...form, country: e.currentTarget.value.toUpperCase() })}
            error={p.of('country')}
          />
          <TextInput
            label={t('client.enterpriseNumber')}
            description={t('client.enterpriseNumberHint')}
            value={form.enterpriseNumber}
            onChange={(e) => setForm({ ...form, enterpriseNumber: e.currentTarget.value })}
            error={p.of('enterpriseNumber')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('client.sme')}
          description={t('client.smeHint')}
          checked={form.sme}
          onChange={(e) => setForm({ ...form, sme: e.currentTarget.checked })}
          error={p.of('sme')}
        />
        <GeneralError text={p.general} />
        <Group gap="xs">
          <Button type="submit" loading={loading}>
            {t('overview.create')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {common('cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
