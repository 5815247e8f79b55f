import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { ScrollRegion } from '../components/ScrollRegion';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { AdminUsersQuery } from '../gql/graphql';
import { MEANING } from '../theme';
import { formProblems, GeneralError } from './form-problems';
import { ROLES, ScopeFields, scopeInput, type RoleChoice, type ScopeClient } from './user-scope';

const USERS = graphql(`
  query AdminUsers($filter: UserFilterInput) {
    users(filter: $filter) {
      id
      email
      role
      clientId
      brandIds
      disabledAt
      disabledReason
      createdAt
    }
  }
`);

const UPDATE_USER = graphql(`
  mutation AdminUpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      id
      role
      clientId
      brandIds
    }
  }
`);

const SET_DISABLED = graphql(`
  mutation AdminSetUserDisabled($input: SetUserDisabledInput!) {
    setUserDisabled(input: $input) {
      id
      disabledAt
      disabledReason
    }
  }
`);

type User = AdminUsersQuery['users'][number];

/** Who has a sign-in: by role, the disabled ones on request; change a role or scope, disable or enable. */
export function UserList({ clients }: { clients: ScopeClient[] }) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const f = useFormat();
  const [role, setRole] = useState<'' | RoleChoice>('');
  const [withDisabled, setWithDisabled] = useState(false);
  const list = useQuery(USERS, { variables: { filter: { ...(role ? { role } : {}), includeDisabled: withDisabled } } });
  const [editing, setEditing] = useState<User | null>(null);
  const [switching, setSwitching] = useState<User | null>(null);
  const brandName = new Map(clients.flatMap((c) => c.brands.map((b) => [b.id, `${b.name} (${c.name})`] as const)));
  const clientName = new Map(clients.map((c) => [c.id, c.name]));
  const users = list.data?.users ?? [];

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end" maw={1100}>
        <Title order={2} size="h5">
          {t('users.list')}
        </Title>
        <Group gap="md" align="flex-end">
          <NativeSelect
            label={t('users.role')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as '' | RoleChoice)}
            data={[{ value: '', label: t('users.allRoles') }, ...ROLES.map((r) => ({ value: r, label: common(`roles.${r}`) }))]}
          />
          <Checkbox
            label={t('users.showDisabled')}
            checked={withDisabled}
            onChange={(e) => setWithDisabled(e.currentTarget.checked)}
            mb={8}
          />
        </Group>
      </Group>
      {list.error && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.loading && !list.data && <Loading />}
      {list.data && !users.length && <Empty title={t('users.none')}>{t('users.noneText')}</Empty>}
      {users.length > 0 && (
        <ScrollRegion label={t('users.list')} maxHeight="60vh">
          <Table aria-label={t('users.list')} maw={1100} stickyHeader highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.scope')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('users.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td fw={500}>{u.email}</Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {common(`roles.${u.role}`, { defaultValue: u.role })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {u.clientId
                      ? clientName.get(u.clientId)
                      : u.brandIds.length
                        ? u.brandIds.map((b) => brandName.get(b) ?? b).join(', ')
                        : t('users.wholeAgency')}
                  </Table.Td>
                  <Table.Td>
                    {u.disabledAt ? (
                      <Text size="sm" c={MEANING.refused}>
                        {t('users.disabledSince', { date: f.date(u.disabledAt), reason: u.disabledReason ?? '' })}
                      </Text>
                    ) : (
                      <Text size="sm">{t('users.active')}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setEditing(u)}
                        aria-label={t('users.changeOf', { email: u.email })}
                      >
                        {t('users.change')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setSwitching(u)}
                        aria-label={t(u.disabledAt ? 'users.enableOf' : 'users.disableOf', { email: u.email })}
                      >
                        {u.disabledAt ? t('users.enable') : t('users.disable')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {editing && <ChangeDialog user={editing} clients={clients} onClose={() => setEditing(null)} />}
      {switching && <DisableDialog user={switching} onClose={() => setSwitching(null)} />}
    </Stack>
  );
}

function ChangeDialog({ user, clients, onClose }: { user: User; clients: ScopeClient[]; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const [scope, setScope] = useState({ role: user.role as RoleChoice, clientId: user.clientId ?? '', brandIds: user.brandIds });
  const [update, { loading, error }] = useMutation(UPDATE_USER, { refetchQueries: ['AdminUsers'] });
  const p = formProblems(error, ['role', 'clientId', 'brandIds']);
  const submit = async () => {
    const done = await update({ variables: { input: { id: user.id, ...scopeInput(scope) } } }).catch(() => null);
    if (done?.data) onClose();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('users.changeOf', { email: user.email })}
      size="lg"
      closeButtonProps={{ 'aria-label': common('cancel') }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <ScopeFields
            value={scope}
            onChange={(s) => setScope({ ...scope, ...s })}
            problemOf={p.of}
            clients={clients}
            loading={false}
            onRetry={() => undefined}
          />
          <GeneralError text={p.general} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" loading={loading}>
              {t('users.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DisableDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const enabling = !!user.disabledAt;
  const [reason, setReason] = useState('');
  const [set, { loading, error }] = useMutation(SET_DISABLED, { refetchQueries: ['AdminUsers'] });
  const p = formProblems(error, ['reason', 'id']);
  const submit = async () => {
    const input = { id: user.id, disabled: !enabling, ...(reason.trim() ? { reason: reason.trim() } : {}) };
    const done = await set({ variables: { input } }).catch(() => null);
    if (done?.data) onClose();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t(enabling ? 'users.enableOf' : 'users.disableOf', { email: user.email })}
      closeButtonProps={{ 'aria-label': common('cancel') }}
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">{enabling ? t('users.enableText') : t('users.disableText')}</Text>
          {!enabling && (
            <Textarea
              label={t('users.reason')}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={p.of('reason') ?? p.of('id')}
              required
              autosize
              minRows={2}
              data-autofocus
            />
          )}
          <GeneralError text={p.general} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {common('cancel')}
            </Button>
            <Button type="submit" color={enabling ? undefined : MEANING.refused} loading={loading}>
              {enabling ? t('users.enable') : t('users.disable')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
