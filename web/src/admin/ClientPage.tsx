import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Empty, ErrorState, Loading, NotFound } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { graphql } from '../gql';
import { formProblems, GeneralError } from './form-problems';
import { PlanLimits } from './PlanLimits';

const CLIENT = graphql(`
  query AdminClient($id: ID!) {
    client(id: $id) {
      id
      name
      country
      enterpriseNumber
      sme
      brands {
        id
        name
        languages
        email
        phone
      }
    }
  }
`);

const CREATE_BRAND = graphql(`
  mutation AdminCreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) {
      id
      name
    }
  }
`);

/** One client: its identity and its brands (the names it collects under), and a new brand. */
export function ClientPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const { data, loading, error, refetch } = useQuery(CLIENT, { variables: { id } });
  const c = data?.client;
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/admin" size="sm">
        ← {t('overview.title')}
      </Anchor>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !c && <NotFound />}
      {c && (
        <>
          <div>
            <Title order={1} size="h3">
              {c.name}
            </Title>
            <Text size="sm" c="dimmed">
              {[c.country, c.enterpriseNumber, c.sme ? t('client.smeBadge') : null].filter(Boolean).join(' · ')}
            </Text>
          </div>
          <Title order={2} size="h4">
            {t('client.brands')}
          </Title>
          {c.brands.length === 0 ? (
            <Empty title={t('client.noBrands')}>{t('client.noBrandsText')}</Empty>
          ) : (
            <ScrollRegion label={t('client.brands')}>
              <Table className="sticky-head" aria-label={t('client.brands')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('brand.name')}</Table.Th>
                    <Table.Th>{t('brand.languages')}</Table.Th>
                    <Table.Th>{t('brand.email')}</Table.Th>
                    <Table.Th>{t('brand.phone')}</Table.Th>
                    <Table.Th>{t('brand.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.brands.map((b) => (
                    <Table.Tr key={b.id}>
                      <Table.Td fw={500}>{b.name}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {b.languages.map((l, i) => (
                            <Badge key={l} size="sm" variant={i === 0 ? 'filled' : 'light'}>
                              {l}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>{b.email ?? '—'}</Table.Td>
                      <Table.Td>{b.phone ?? '—'}</Table.Td>
                      <Table.Td>
                        <Group gap="sm">
                          <Anchor component={Link} to={`/admin/brands/${b.id}/look`} size="sm">
                            {t('brand.editLook', { name: b.name })}
                          </Anchor>
                          <Anchor component={Link} to={`/admin/templates?brand=${b.id}`} size="sm">
                            {t('brand.templates', { name: b.name })}
                          </Anchor>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
          <PlanLimits clientId={c.id} />
          <NewBrand clientId={c.id} />
        </>
      )}
    </Stack>
  );
}

const SUGGESTED_LANGUAGES = ['nl', 'fr', 'de', 'en'];

function NewBrand({ clientId }: { clientId: string }) {
  const { t } = useTranslation('admin');
  const empty = { name: '', languages: [] as string[], email: '', phone: '' };
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<string | null>(null);
  const [create, { loading, error, reset }] = useMutation(CREATE_BRAND, { refetchQueries: ['AdminClient', 'AdminClients'] });
  const p = formProblems(error, ['name', 'languages', 'email', 'phone']);
  const submit = async () => {
    setCreated(null);
    const r = await create({
      variables: {
        input: { clientId, name: form.name, languages: form.languages, email: form.email.trim() || null, phone: form.phone.trim() || null },
      },
    }).catch(() => null);
    if (r?.data) {
      setCreated(r.data.createBrand.name);
      setForm(empty);
      reset();
    }
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={(e) => (e.preventDefault(), void submit())} aria-label={t('brand.new')}>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('brand.new')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput
            label={t('brand.name')}
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
            error={p.of('name')}
          />
          <TagsInput
            label={t('brand.languages')}
            description={t('brand.languagesHint')}
            data={SUGGESTED_LANGUAGES}
            value={form.languages}
            onChange={(languages) => setForm({ ...form, languages })}
            error={p.of('languages')}
          />
          <TextInput
            label={t('brand.email')}
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
            error={p.of('email')}
          />
          <TextInput
            label={t('brand.phone')}
            description={t('brand.phoneHint')}
            value={form.phone}
            onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })}
            error={p.of('phone')}
          />
        </SimpleGrid>
        <GeneralError text={p.general} />
        {created && (
          <Text size="sm" c="teal.9" role="status">
            {t('brand.created', { name: created })}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={loading}>
            {t('brand.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
