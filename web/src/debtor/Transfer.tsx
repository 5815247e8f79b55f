import { useQuery } from '@apollo/client/react';
import { Box, Button, Center, CopyButton, Group, Loader, Radio, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldProblems } from '../api/errors';
import { ErrorState } from '../components/PageState';
import { useFormat } from '../format';
import { graphql } from '../gql';
import { minorDigitsOf } from '../amount';
import { readAmount } from './amount-entry';
import type { BrandColours } from './brand-colours';
import { OnlinePayButton } from './OnlinePay';
import { Section } from './Section';

/** The bank transfer for the amount chosen, with its EPC QR code (communications). */
const TRANSFER = graphql(`
  query DebtorTransfer($token: String!, $amountMinor: String) {
    payPage(token: $token) {
      transfer(amountMinor: $amountMinor) {
        beneficiary
        iban
        bic
        reference
        referenceScheme
        amountMinor
        currency
        qrSvg
      }
    }
  }
`);

/** An IBAN as people read it: groups of four. */
const grouped = (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 ');

/** Pay all or part by bank transfer: the amount, the QR code for it, the details to copy. */
export function Transfer({
  token,
  totalDueMinor,
  currency,
  colours,
  online,
}: {
  token: string;
  totalDueMinor: string;
  currency: string;
  colours: BrandColours;
  /** A payment provider is configured: paying online comes first. */
  online: boolean;
}) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  const [mode, setMode] = useState<'full' | 'part'>('full');
  const [typed, setTyped] = useState('');
  const [touched, setTouched] = useState(false);

  const reading =
    mode === 'full' ? ({ ok: true, minor: BigInt(totalDueMinor) } as const) : readAmount(typed, currency, BigInt(totalDueMinor));
  const chosen = reading.ok ? reading.minor.toString() : null;
  // The QR code follows the amount once the debtor stops typing, not at every key.
  const [settled] = useDebouncedValue(chosen, 400);
  const asked = mode === 'full' ? chosen : settled;

  // Not cached: each amount is its own transfer, and the page is read once.
  const { data, previousData, error, loading } = useQuery(TRANSFER, {
    variables: { token, amountMinor: asked },
    skip: asked === null,
    fetchPolicy: 'no-cache',
  });
  const transfer = (data ?? previousData)?.payPage.transfer;
  const current = !!data && !loading && transfer?.amountMinor === chosen;

  const example = new Intl.NumberFormat(f.locale, { minimumFractionDigits: minorDigitsOf(currency) }).format(50);
  const apiProblem = error ? fieldProblems(error).amountMinor : undefined;
  const problem = !reading.ok && (touched || reading.problem !== 'empty') ? reading.problem : null;
  const amountError = problem
    ? t(`pay.problem.${problem}`, { example, amount: f.money(totalDueMinor, currency) })
    : mode === 'part'
      ? apiProblem
      : undefined;

  return (
    <Section id="pay" title={t('pay.title')} accent={colours.primary}>
      <Stack gap="md">
        <Radio.Group label={t('pay.howMuch')} value={mode} onChange={(v) => setMode(v === 'part' ? 'part' : 'full')}>
          <Stack gap="xs" mt={6}>
            <Radio value="full" label={`${t('pay.full')} (${f.money(totalDueMinor, currency)})`} />
            <Radio value="part" label={t('pay.part')} />
          </Stack>
        </Radio.Group>
        {mode === 'part' && (
          <Stack gap={6}>
            <TextInput
              label={t('pay.amount')}
              description={t('pay.amountHint', { example })}
              inputMode="decimal"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              onBlur={() => setTouched(true)}
              error={amountError}
              rightSection={<span aria-hidden>{currency === 'EUR' ? '€' : currency}</span>}
              size="md"
              maw={240}
            />
            <Text size="sm">{t('pay.partNote')}</Text>
          </Stack>
        )}

        {online && <OnlinePayButton token={token} amountMinor={chosen} colours={colours} />}

        {error && !apiProblem && <ErrorState error={error} />}

        {transfer && transfer.currency === 'EUR' && (
          <Stack gap={6} align="center">
            <Center w={236} h={236} style={{ border: `2px solid ${colours.primary}`, borderRadius: 8, background: 'white' }}>
              {current && transfer.qrSvg ? (
                <img
                  src={transfer.qrSvg}
                  width={220}
                  height={220}
                  alt={t('pay.qrAlt', { amount: f.money(transfer.amountMinor, currency), beneficiary: transfer.beneficiary })}
                  data-amount-minor={transfer.amountMinor ?? ''}
                />
              ) : chosen === null ? (
                <Text size="sm" ta="center" px="sm">
                  {t('pay.qrWaiting')}
                </Text>
              ) : (
                <Loader size="sm" aria-label={t('pay.making')} />
              )}
            </Center>
            <Text size="sm" ta="center" maw={360}>
              {t('pay.qrHelp')}
            </Text>
          </Stack>
        )}

        {transfer ? (
          <Stack gap="sm">
            <Text size="sm" fw={600}>
              {transfer.qrSvg ? t('pay.manual') : t('pay.details')}
            </Text>
            <Detail label={t('pay.beneficiary')} value={transfer.beneficiary} />
            <Detail
              label={t('pay.iban')}
              value={grouped(transfer.iban)}
              copy={{ value: transfer.iban, label: t('pay.copyIban'), done: t('pay.copiedIban') }}
              mono
            />
            {transfer.bic && <Detail label={t('pay.bic')} value={transfer.bic} mono />}
            <Detail
              label={t(`pay.reference.${transfer.referenceScheme === 'ogm' ? 'ogm' : 'rf'}`)}
              value={transfer.reference}
              copy={{ value: transfer.reference, label: t('pay.copyReference'), done: t('pay.copiedReference') }}
              mono
              note={t('pay.referenceNote')}
            />
            <Detail label={t('pay.amountLabel')} value={chosen === null ? '—' : f.money(chosen, currency)} />
          </Stack>
        ) : (
          !error && <Loader size="sm" aria-label={t('pay.making')} />
        )}
        <Text size="sm" c="dimmed">
          {t('pay.processing')}
        </Text>
      </Stack>
    </Section>
  );
}

/** One detail of the transfer, with a button that copies it where the debtor has to type it elsewhere. */
function Detail({
  label,
  value,
  copy,
  mono,
  note,
}: {
  label: string;
  value: string;
  copy?: { value: string; label: string; done: string };
  mono?: boolean;
  note?: string;
}) {
  const { t } = useTranslation('debtor');
  return (
    <Box>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Group gap="sm" wrap="nowrap" justify="space-between">
        <Text fw={600} size={mono ? 'md' : 'lg'} ff={mono ? 'monospace' : undefined} style={mono ? undefined : { wordBreak: 'break-word' }}>
          {value}
        </Text>
        {copy && (
          <CopyButton value={copy.value} timeout={2500}>
            {({ copied, copy: doCopy }) => (
              <>
                <Button variant="default" size="sm" onClick={doCopy} aria-label={copy.label} miw={96}>
                  {copied ? t('pay.copied') : t('pay.copy')}
                </Button>
                <VisuallyHidden role="status">{copied ? copy.done : ''}</VisuallyHidden>
              </>
            )}
          </CopyButton>
        )}
      </Group>
      {note && <Text size="sm">{note}</Text>}
    </Box>
  );
}
