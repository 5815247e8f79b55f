import { Anchor, AppShell, Badge, Burger, Group, NavLink, NativeSelect, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage } from '../i18n';

export interface NavItem {
  to: string;
  label: string;
  /** Match only this exact path (an audience's home). */
  end?: boolean;
}

/** The frame of a signed-in audience: its pages on the left, who is signed in and the language on top. */
export function Shell({ nav, children }: { nav: NavItem[]; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { user, signOut } = useSession();
  const [opened, { toggle }] = useDisclosure();
  const location = useLocation();
  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Anchor href="#main" className="skip-link">
        {t('skip')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="menu" />
            <Text fw={700} c="indigo.8" size="lg">
              {t('app')}
            </Text>
            {user && <Badge variant="light">{t(`roles.${user.role}`)}</Badge>}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NativeSelect
              size="xs"
              aria-label={t('language')}
              value={i18n.language}
              onChange={(e) => isLanguage(e.currentTarget.value) && setLanguage(e.currentTarget.value)}
              data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            />
            {user?.email && (
              <Text size="sm" c="dimmed" visibleFrom="sm">
                <VisuallyHidden>{t('signedInAs', { email: '' })}</VisuallyHidden>
                {user.email}
              </Text>
            )}
            <UnstyledButton onClick={() => void signOut()} fz="sm" c="indigo.8" fw={500}>
              {t('signOut')}
            </UnstyledButton>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="pages">
        {nav.map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            end={item.end}
            label={item.label}
            active={item.end ? location.pathname === item.to : location.pathname.startsWith(item.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
