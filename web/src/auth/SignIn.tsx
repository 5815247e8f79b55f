import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInError, useSession } from './session';

export function SignIn() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<SignInError | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = (field: string) => error?.problems.find((p) => p.field === field)?.reason;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      setError(err instanceof SignInError ? err : new SignInError(String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.0" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380} radius="md">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h3">
                {t('signIn.title')}
              </Title>
              <Text c="dimmed" size="sm">
                {t('signIn.subtitle')}
              </Text>
            </div>
            {error && !error.problems.length && (
              <Alert color="red" role="alert">
                {error.message}
              </Alert>
            )}
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={problem('email')}
              required
              data-autofocus
              autoFocus
            />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={problem('password')}
              required
            />
            <Button type="submit" loading={busy} fullWidth>
              {t('signIn.submit')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('signIn.demo')}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
