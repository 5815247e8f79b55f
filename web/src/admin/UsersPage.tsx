import { useMutation, useQuery } from '@apollo/client/react';
import {
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  PasswordInput,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../components/PageState';
import { graphql } from '../gql';
import { Notice } from '../legal/Notice';
import type { AdminCreateUserMutation } from '../gql/graphql';
import { formProblems, GeneralError } from './form-problems';

const CLIENTS = graphql(`
  query AdminUserScopes {
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

const CREATE_USER = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      email
      role
      clientId
      brandIds
    }
  }
`);

const ROLES = ['agent', 'legal', 'client_user', 'agency_admin'] as const;
type RoleChoice = (typeof ROLES)[number];
type Created = AdminCreateUserMutation['createUser'];

/**
 * A new sign-in for someone: its role decides what else it needs (an agent works for brands, a
 * client's user belongs to one client). The API lists no users, so the page shows the ones
 * created here.
 */
export function UsersPage() {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const scopes = useQuery(CLIENTS);
  const passwordId = useId();
  const [form, setForm] = useState({ email: '', password: '', role: 'agent' as RoleChoice, clientId: '', brandIds: [] as string[] });
  const [created, setCreated] = useState<Created[]>([]);
  const [create, { loading, error, reset }] = useMutation(CREATE_USER);
  const p = formProblems(error, ['email', 'password', 'role', 'clientId', 'brandIds']);
  const clients = scopes.data?.clients ?? [];
  const brandName = new Map(clients.flatMap((c) => c.brands.map((b) => [b.id, `${b.name} (${c.name})`] as const)));
  const clientName = new Map(clients.map((c) => [c.id, c.name]));

  const submit = async () => {
    const r = await create({
      variables: {
        input: {
          email: form.email,
          password: form.password,
          role: form.role,
          clientId: form.role === 'client_user' ? form.clientId || null : null,
          brandIds: form.role === 'agent' ? form.brandIds : null,
        },
      },
    }).catch(() => null);
    if (r?.data) {
      setCreated((list) => [r.data!.createUser, ...list]);
      setForm({ ...form, email: '', password: '' });
      reset();
    }
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h3">
          {t('users.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('users.subtitle')}
        </Text>
      </div>
      <Paper
        withBorder
        p="sm"
        component="form"
        noValidate
        aria-label={t('users.new')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        maw={760}
      >
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('users.new')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('users.email')}
              type="email"
              required
              autoComplete="off"
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
              error={p.of('email')}
            />
            <PasswordInput
              // Mantine ties a password field to its hint and error by id only: the ARIA links are ours.
              id={passwordId}
              aria-describedby={`${passwordId}-description${p.of('password') ? ` ${passwordId}-error` : ''}`}
              aria-invalid={p.of('password') ? true : undefined}
              label={t('users.password')}
              description={t('users.passwordHint')}
              required
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
              error={p.of('password')}
            />
          </SimpleGrid>
          <Radio.Group
            label={t('users.role')}
            value={form.role}
            onChange={(role) => setForm({ ...form, role: role as RoleChoice })}
            error={p.of('role')}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt={4}>
              {ROLES.map((r) => (
                <Radio key={r} value={r} label={common(`roles.${r}`)} description={t(`users.roleHint.${r}`)} />
              ))}
            </SimpleGrid>
          </Radio.Group>
          {scopes.error && <ErrorState error={scopes.error} onRetry={() => void scopes.refetch()} />}
          {scopes.loading && !scopes.data && <Loading />}
          {form.role === 'client_user' && scopes.data && (
            <NativeSelect
              label={t('users.client')}
              description={t('users.clientHint')}
              value={form.clientId}
              onChange={(e) => setForm({ ...form, clientId: e.currentTarget.value })}
              data={[{ value: '', label: t('users.chooseClient') }, ...clients.map((c) => ({ value: c.id, label: c.name }))]}
              error={p.of('clientId')}
            />
          )}
          {form.role === 'agent' && scopes.data && (
            <Checkbox.Group
              label={t('users.brands')}
              description={t('users.brandsHint')}
              value={form.brandIds}
              onChange={(brandIds) => setForm({ ...form, brandIds })}
              error={p.of('brandIds')}
            >
              <Stack gap={6} mt={6}>
                {clients.map((c) => (
                  <Group key={c.id} gap="md" align="baseline">
                    <Text size="sm" c="dimmed" w={180}>
                      {c.name}
                    </Text>
                    {c.brands.length ? (
                      c.brands.map((b) => <Checkbox key={b.id} value={b.id} label={b.name} />)
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('overview.noBrands')}
                      </Text>
                    )}
                  </Group>
                ))}
              </Stack>
            </Checkbox.Group>
          )}
          <GeneralError text={p.general} />
          <Group>
            <Button type="submit" loading={loading}>
              {t('users.create')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <Notice tone="info" title={t('users.noListTitle')} maw={760}>
        {t('users.noList')}
      </Notice>
      {created.length > 0 && (
        <Stack gap="xs">
          <Title order={2} size="h5">
            {t('users.created')}
          </Title>
          <Table aria-label={t('users.created')} maw={960}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.scope')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {created.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td fw={500}>{u.email}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{common(`roles.${u.role}`, { defaultValue: u.role })}</Badge>
                  </Table.Td>
                  <Table.Td>
                    {u.clientId
                      ? clientName.get(u.clientId)
                      : u.brandIds.length
                        ? u.brandIds.map((b) => brandName.get(b) ?? b).join(', ')
                        : t('users.wholeAgency')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}
