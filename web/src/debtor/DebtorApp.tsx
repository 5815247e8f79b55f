import { useQuery } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorState, Loading } from '../components/PageState';
import { graphql } from '../gql';
import { addMessages, isLanguage, setLanguage, type Language } from '../i18n';
import { AMICUS_COLOURS } from './brand-colours';
import { DebtorPage } from './DebtorPage';
import { LinkProblem } from './LinkProblem';
import { messages } from './messages';
import { PayFrame } from './PayFrame';
import { printedReference } from './case-reference';

addMessages('debtor', messages);

/**
 * Everything the page shows, asked at once: cases' statement (payLink) and communications' look,
 * contacts and letters (payPage). The bank transfer and its QR code come with the amount chosen
 * (DebtorTransfer).
 */
const PAGE = graphql(`
  query DebtorPage($token: String!) {
    payLink(token: $token) {
      caseReference
      clientName
      brandName
      debtorName
      language
      currency
      phase
      closed
      outcome
      paid
      totalDueMinor
      expiresAt
      paymentMethods
      paymentReference {
        caseNumber
        ogm
        rf
      }
      claims {
        id
        invoiceNumber
        issueDate
        dueDate
        currency
        principalMinor
        outstandingMinor
        disputed
      }
      disputes {
        id
        claimIds
        invoiceNumbers
        reason
        text
        status
        raisedAt
        outcome
        explanation
      }
      statement {
        asOf
        currency
        principalMinor
        interestMinor
        damagesMinor
        paidMinor
        totalMinor
        complete
        lines {
          kind
          label
          date
          claimId
          amountMinor
          explanation
          rule
          source
        }
      }
    }
    payPage(token: $token) {
      language
      expiresAt
      brand {
        name
        senderName
        logoUrl
        primaryColor
        secondaryColor
        email
        phone
        website
      }
      letters {
        id
        sentAt
        kind
        channel
        subject
        hasPdf
      }
    }
  }
`);

/** The browser's own language among the four, for a page no debtor is known for. */
function browserLanguage(): Language {
  for (const l of navigator.languages ?? [navigator.language]) {
    const short = l.slice(0, 2).toLowerCase();
    if (isLanguage(short)) return short;
  }
  return 'en';
}

type Trouble = { kind: 'invalid' } | { kind: 'tooMany'; retryAfterSeconds: number } | null;

/** A link that opens nothing, or too many tries: what the API said, whichever field said it. */
function troubleOf(error: unknown): Trouble {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const tooMany = error.errors.find((e) => e.extensions?.code === 'TOO_MANY_REQUESTS');
  if (tooMany) return { kind: 'tooMany', retryAfterSeconds: Number(tooMany.extensions?.retryAfterSeconds ?? 60) };
  if (error.errors.some((e) => e.extensions?.code === 'NOT_FOUND')) return { kind: 'invalid' };
  return null;
}

/** /pay/:token — no sign-in: the token is the only credential. */
export default function DebtorApp() {
  const { token = '' } = useParams();
  return <DebtorLink key={token} token={token} />;
}

function DebtorLink({ token }: { token: string }) {
  const { t } = useTranslation('debtor');
  const { data, error, loading, refetch } = useQuery(PAGE, { variables: { token }, fetchPolicy: 'network-only' });
  const trouble = error ? troubleOf(error) : null;
  /** Once the debtor picks a language, the page keeps it (for this visit only: it is not the staff's choice). */
  const chosen = useRef(false);
  const debtorLanguage = data?.payLink.language ?? data?.payPage.language;

  useEffect(() => {
    if (chosen.current) return;
    if (debtorLanguage && isLanguage(debtorLanguage)) setLanguage(debtorLanguage, false);
    else if (trouble) setLanguage(browserLanguage(), false);
  }, [debtorLanguage, trouble?.kind]);

  const choose = (l: Language) => {
    chosen.current = true;
    setLanguage(l, false);
  };

  useEffect(() => {
    if (data)
      document.title = t('documentTitle', { brand: data.payPage.brand.name, reference: printedReference(data.payLink.caseReference) });
    else if (trouble?.kind === 'invalid') document.title = t('invalid.title');
  });

  if (data)
    return <DebtorPage statement={data.payLink} page={data.payPage} token={token} onLanguage={choose} onChanged={() => void refetch()} />;
  return (
    <PayFrame brand={null} colours={AMICUS_COLOURS} onLanguage={choose}>
      {loading ? (
        <Loading />
      ) : trouble?.kind === 'invalid' ? (
        <LinkProblem title={t('invalid.title')} text={t('invalid.text')} />
      ) : trouble?.kind === 'tooMany' ? (
        <LinkProblem
          title={t('tooMany.title')}
          text={t('tooMany.text', { count: Math.max(1, Math.ceil(trouble.retryAfterSeconds / 60)) })}
        />
      ) : (
        <ErrorState error={error} onRetry={() => void refetch()} />
      )}
    </PayFrame>
  );
}
