import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useFormat } from '../format';
import type { DebtorPageQuery } from '../gql/graphql';
import type { Language } from '../i18n';
import { brandColours, type BrandColours } from './brand-colours';
import { printedReference } from './case-reference';
import { Arrangements } from './Arrangements';
import { Contact } from './Contact';
import { Disputes } from './Disputes';
import { Letters } from './Letters';
import { OnlinePaymentOutcome } from './OnlinePay';
import { PayFrame } from './PayFrame';
import { StatementSection } from './Statement';
import { Transfer } from './Transfer';

type Statement = DebtorPageQuery['payLink'];
type Page = DebtorPageQuery['payPage'];

/** The page behind a pay link, in the client's brand: what is open today and how to pay it — or thanks, once nothing is. */
export function DebtorPage({
  statement,
  page,
  token,
  onLanguage,
  onChanged,
}: {
  statement: Statement;
  page: Page;
  token: string;
  onLanguage: (l: Language) => void;
  /** Something changed the case (an online payment came in): ask again. */
  onChanged: () => void;
}) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  // Back from the payment provider's checkout.
  const [search] = useSearchParams();
  const onlinePayment = search.get('onlinePayment');
  const colours = brandColours(page.brand.primaryColor, page.brand.secondaryColor);
  const nothingDue = BigInt(statement.totalDueMinor) <= 0n;
  const done = statement.closed ? (statement.paid ? 'paid' : 'closed') : nothingDue ? 'nothing' : null;
  const footer = (
    <Stack gap={2}>
      <Text size="sm">{t('footer.validUntil', { date: f.date(statement.expiresAt) })}</Text>
      <Text size="sm">{t('footer.privacy')}</Text>
    </Stack>
  );
  return (
    <PayFrame brand={page.brand} colours={colours} onLanguage={onLanguage} footer={footer}>
      <Stack gap="md">
        {onlinePayment && <OnlinePaymentOutcome token={token} id={onlinePayment} onPaid={onChanged} />}
        <Paper withBorder radius="md" p="md">
          <Title order={1} size="h2">
            {t('title')}
          </Title>
          <Text mt="xs">{t('greeting', { name: statement.debtorName })}</Text>
          {!done && <Text>{t('intro', { brand: statement.brandName })}</Text>}
        </Paper>
        {done ? (
          <Done kind={done} colours={colours} reference={statement.caseReference} />
        ) : (
          <>
            <Total statement={statement} colours={colours} />
            <Transfer
              token={token}
              totalDueMinor={statement.totalDueMinor}
              currency={statement.currency}
              colours={colours}
              online={statement.paymentMethods.includes('online')}
            />
            <Arrangements token={token} totalDueMinor={statement.totalDueMinor} currency={statement.currency} colours={colours} />
            <StatementSection statement={{ ...statement, claims: statement.claims.filter((c) => !c.disputed) }} />
          </>
        )}
        {(!statement.closed || statement.disputes.length > 0) && (
          <Disputes token={token} statement={statement} colours={colours} onChanged={onChanged} />
        )}
        <Letters letters={page.letters} token={token} />
        <Contact brand={page.brand} accent={colours.accent} />
      </Stack>
    </PayFrame>
  );
}

/** The one figure that matters, big, with the file's number and the day it is worked out for. */
function Total({ statement, colours }: { statement: Statement; colours: BrandColours }) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  return (
    <Paper
      component="section"
      aria-labelledby="total-title"
      withBorder
      radius="md"
      p="md"
      style={{ borderTop: `6px solid ${colours.primary}` }}
    >
      <Text id="total-title" fw={600}>
        {t('toPay')}
      </Text>
      <Text fz={40} fw={700} lh={1.15} data-testid="total-due" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {f.money(statement.totalDueMinor, statement.currency)}
      </Text>
      <Text size="sm" mt={4}>
        {t('referenceLabel')} <strong>{printedReference(statement.caseReference)}</strong>
      </Text>
      <Text size="sm">{t('asOf', { date: f.date(statement.statement.asOf) })}</Text>
      {!statement.statement.complete && (
        <Alert variant="light" color="blue" mt="sm" p="xs">
          <Text size="sm">{t('incomplete')}</Text>
        </Alert>
      )}
      <Button
        component="a"
        href="#pay"
        size="md"
        mt="md"
        fullWidth
        vars={() => ({ root: { '--button-bg': colours.primary, '--button-hover': colours.primary, '--button-color': colours.onPrimary } })}
      >
        {t('payNow')}
      </Button>
    </Paper>
  );
}

/** A closed or fully paid case: thanks, not a demand. */
function Done({ kind, colours, reference }: { kind: 'paid' | 'closed' | 'nothing'; colours: BrandColours; reference: string }) {
  const { t } = useTranslation('debtor');
  return (
    <Paper
      component="section"
      aria-labelledby="done-title"
      withBorder
      radius="md"
      p="lg"
      style={{ borderTop: `6px solid ${colours.primary}` }}
    >
      <Title order={2} id="done-title" c={colours.accent}>
        {t(`done.${kind}Title`)}
      </Title>
      <Text mt="xs">{t(`done.${kind}Text`)}</Text>
      <Text size="sm" mt="sm">
        {t('referenceLabel')} <strong>{printedReference(reference)}</strong>
      </Text>
    </Paper>
  );
}
