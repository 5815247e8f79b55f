import { Checkbox, Group, NativeSelect, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../components/PageState';

export const ROLES = ['agent', 'legal', 'client_user', 'agency_admin'] as const;
export type RoleChoice = (typeof ROLES)[number];
export interface Scope {
  role: RoleChoice;
  clientId: string;
  brandIds: string[];
}
export interface ScopeClient {
  id: string;
  name: string;
  brands: { id: string; name: string }[];
}

/** What the API takes for a role: a client only for a client's user, brands only for an agent. */
export const scopeInput = (s: Scope) => ({
  role: s.role,
  clientId: s.role === 'client_user' ? s.clientId || null : null,
  brandIds: s.role === 'agent' ? s.brandIds : null,
});

/** A user's role and what it needs: one client for a client's user, brands for an agent. */
export function ScopeFields({
  value,
  onChange,
  problemOf,
  clients,
  loading,
  error,
  onRetry,
}: {
  value: Scope;
  onChange: (scope: Partial<Scope>) => void;
  problemOf: (field: string) => string | undefined;
  clients: ScopeClient[];
  loading: boolean;
  error?: unknown;
  onRetry: () => void;
}) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  return (
    <>
      <Radio.Group
        label={t('users.role')}
        value={value.role}
        onChange={(role) => onChange({ role: role as RoleChoice })}
        error={problemOf('role')}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt={4}>
          {ROLES.map((r) => (
            <Radio key={r} value={r} label={common(`roles.${r}`)} description={t(`users.roleHint.${r}`)} />
          ))}
        </SimpleGrid>
      </Radio.Group>
      {error && <ErrorState error={error} onRetry={onRetry} />}
      {loading && <Loading />}
      {value.role === 'client_user' && !loading && !error && (
        <NativeSelect
          label={t('users.client')}
          description={t('users.clientHint')}
          value={value.clientId}
          onChange={(e) => onChange({ clientId: e.currentTarget.value })}
          data={[{ value: '', label: t('users.chooseClient') }, ...clients.map((c) => ({ value: c.id, label: c.name }))]}
          error={problemOf('clientId')}
        />
      )}
      {value.role === 'agent' && !loading && !error && (
        <Checkbox.Group
          label={t('users.brands')}
          description={t('users.brandsHint')}
          value={value.brandIds}
          onChange={(brandIds) => onChange({ brandIds })}
          error={problemOf('brandIds')}
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
    </>
  );
}
