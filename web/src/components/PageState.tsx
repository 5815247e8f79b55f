import { Alert, Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode, errorText } from '../api/errors';

/** Loading, error and not-found states, the same on every screen. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader size="sm" mr="sm" aria-hidden />
      <Text c="dimmed">{label ?? t('loading')}</Text>
    </Center>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (errorCode(error) === 'NOT_FOUND') return <NotFound />;
  return (
    <Alert color="red" title={t('errorTitle')} role="alert" my="md">
      <Stack gap="xs">
        <Text size="sm">{errorText(error)}</Text>
        {onRetry && (
          <Button variant="light" color="red" size="xs" onClick={onRetry} w="fit-content">
            {t('retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="center" py="xl" gap="xs">
      <Title order={2}>{t('notFound')}</Title>
      <Text c="dimmed">{t('notFoundText')}</Text>
    </Stack>
  );
}

/** An empty list says what to do next. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" py="xl" gap="xs">
      <Text fw={600}>{title}</Text>
      {children && (
        <Text c="dimmed" size="sm" ta="center" maw={480}>
          {children}
        </Text>
      )}
    </Stack>
  );
}
