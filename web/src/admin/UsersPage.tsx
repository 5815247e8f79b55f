import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { formProblems, GeneralError } from './form-problems';
import { ScopeFields, scopeInput, type RoleChoice } from './user-scope';
import { UserList } from './UserList';

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

/**
 * The agency's users: a new sign-in for someone (its role decides what else it needs: an agent
 * works for brands, a client's user belongs to one client), and the list of who has one, to
 * change a role or scope or to disable a sign-in.
 */
export function UsersPage() {
  const { t } = useTranslation('admin');
  const scopes = useQuery(CLIENTS);
  const passwordId = useId();
  const [form, setForm] = useState({ email: '', password: '', role: 'agent' as RoleChoice, clientId: '', brandIds: [] as string[] });
  const [create, { loading, error, reset }] = useMutation(CREATE_USER, { refetchQueries: ['AdminUsers'] });
  const p = formProblems(error, ['email', 'password', 'role', 'clientId', 'brandIds']);
  const clients = scopes.data?.clients ?? [];

  const submit = async () => {
    const r = await create({ variables: { input: { email: form.email, password: form.password, ...scopeInput(form) } } }).catch(() => null);
    if (r?.data) {
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
          <ScopeFields
            value={form}
            onChange={(scope) => setForm({ ...form, ...scope })}
            problemOf={p.of}
            clients={clients}
            loading={scopes.loading && !scopes.data}
            error={scopes.error}
            onRetry={() => void scopes.refetch()}
          />
          <GeneralError text={p.general} />
          <Group>
            <Button type="submit" loading={loading}>
              {t('users.create')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      <UserList clients={clients} />
    </Stack>
  );
}
