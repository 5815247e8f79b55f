import { Box, Container, Group, NativeSelect, Text } from '@mantine/core';
import { ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from '../i18n';
import type { BrandColours } from './brand-colours';

export interface FrameBrand {
  name: string;
  logoUrl?: string | null;
}

/** One column, as wide as a phone and no wider than reads well on a computer. */
export const COLUMN = 560;

/**
 * The page's frame: the brand's header (its colour, its logo and name, the language) — or
 * Amicus's own plain one when no brand is known — the content, and a footer.
 */
export function PayFrame({
  brand,
  colours,
  onLanguage,
  footer,
  children,
}: {
  brand: FrameBrand | null;
  colours: BrandColours;
  onLanguage: (l: Language) => void;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [logoFailed, setLogoFailed] = useState(false);
  return (
    <Box mih="100vh" style={{ background: colours.secondary }}>
      <Box
        component="header"
        style={{ background: colours.primary, color: colours.onPrimary, borderBottom: brand ? undefined : '1px solid #dee2e6' }}
      >
        <Container size={COLUMN} px="md" py="sm">
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="sm" wrap="nowrap" miw={0}>
              {brand?.logoUrl && !logoFailed && (
                // On white whatever the brand's colour, so a dark logo shows on a dark header too.
                <Box bg="white" p={4} style={{ borderRadius: 6, lineHeight: 0 }}>
                  <img
                    src={brand.logoUrl}
                    alt=""
                    height={32}
                    style={{ maxWidth: 120, objectFit: 'contain' }}
                    onError={() => setLogoFailed(true)}
                  />
                </Box>
              )}
              {brand ? (
                <Text fw={700} size="lg" truncate c={colours.onPrimary}>
                  {brand.name}
                </Text>
              ) : (
                <Text fw={700} size="lg" c="indigo.8">
                  {t('app')}
                </Text>
              )}
            </Group>
            <NativeSelect
              size="sm"
              aria-label={t('language')}
              value={i18n.language}
              onChange={(e) => isLanguage(e.currentTarget.value) && onLanguage(e.currentTarget.value)}
              data={LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
              w={130}
            />
          </Group>
        </Container>
      </Box>
      <Container component="main" id="main" size={COLUMN} px="md" py="md">
        {children}
      </Container>
      {footer && (
        <Container component="footer" size={COLUMN} px="md" pb="xl" style={{ color: colours.onSecondary }}>
          {footer}
        </Container>
      )}
    </Box>
  );
}
