import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DebtorPageQuery } from '../gql/graphql';
import { Section } from './Section';

type Brand = DebtorPageQuery['payPage']['brand'];

/** How to reach the sender: e-mail, phone, website, each a link a phone can follow. */
export function Contact({ brand, accent }: { brand: Brand; accent: string }) {
  const { t } = useTranslation('debtor');
  const website = brand.website ? (/^https?:\/\//i.test(brand.website) ? brand.website : `https://${brand.website}`) : null;
  const rows = [
    brand.email && { label: t('contact.email'), href: `mailto:${brand.email}`, text: brand.email },
    brand.phone && { label: t('contact.phone'), href: `tel:${brand.phone}`, text: brand.phone },
    website && { label: t('contact.website'), href: website, text: brand.website! },
  ].filter((r): r is { label: string; href: string; text: string } => !!r);
  return (
    <Section id="contact" title={t('contact.title')}>
      <Stack gap="sm">
        <Text>{t('contact.text', { sender: brand.senderName })}</Text>
        {rows.map((r) => (
          <div key={r.label}>
            <Text size="sm" c="dimmed">
              {r.label}
            </Text>
            <Anchor href={r.href} c={accent} underline="always" fw={600} size="lg" style={{ wordBreak: 'break-word' }}>
              {r.text}
            </Anchor>
          </div>
        ))}
      </Stack>
    </Section>
  );
}
