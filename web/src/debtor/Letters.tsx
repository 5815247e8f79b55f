import { useApolloClient } from '@apollo/client/react';
import { Button, List, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors';
import { downloadBase64 } from '../download';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { DebtorPageQuery } from '../gql/graphql';
import { Section } from './Section';

const LETTER_PDF = graphql(`
  query DebtorLetterPdf($token: String!, $letterId: ID!) {
    payPageLetterPdf(token: $token, letterId: $letterId)
  }
`);

type Letter = DebtorPageQuery['payPage']['letters'][number];

/** The messages sent about the case, newest first: when, what, how, and its subject. */
export function Letters({ letters, token }: { letters: Letter[]; token: string }) {
  const { t } = useTranslation('debtor');
  const f = useFormat();
  const newestFirst = [...letters].reverse();
  return (
    <Section id="letters" title={t('letters.title')}>
      {newestFirst.length === 0 ? (
        <Text size="sm">{t('letters.empty')}</Text>
      ) : (
        <List listStyleType="none" spacing="sm">
          {newestFirst.map((l) => (
            <List.Item key={l.id}>
              <Text fw={600}>{t(`letters.kind.${l.kind}`, { defaultValue: l.kind })}</Text>
              <Text size="sm" c="dimmed">
                {f.date(l.sentAt)} · {t(`letters.channel.${l.channel}`, { defaultValue: l.channel })}
              </Text>
              {l.subject && <Text size="sm">{l.subject}</Text>}
              {l.hasPdf && <LetterDownload letter={l} token={token} />}
            </List.Item>
          ))}
        </List>
      )}
    </Section>
  );
}

/** The letter as it was sent, as a PDF file to keep. */
function LetterDownload({ letter, token }: { letter: Letter; token: string }) {
  const { t } = useTranslation('debtor');
  const apollo = useApolloClient();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const kind = t(`letters.kind.${letter.kind}`, { defaultValue: letter.kind });
  const get = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await apollo.query({ query: LETTER_PDF, variables: { token, letterId: letter.id }, fetchPolicy: 'network-only' });
      downloadBase64(data!.payPageLetterPdf, `${letter.kind}-${String(letter.sentAt).slice(0, 10)}.pdf`);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="compact-sm"
        variant="default"
        mt={4}
        loading={busy}
        onClick={() => void get()}
        aria-label={t('letters.downloadOf', { kind, date: f.date(letter.sentAt) })}
      >
        {t('letters.download')}
      </Button>
      {problem && (
        <Text size="sm" c="red.9" role="alert">
          {problem}
        </Text>
      )}
    </>
  );
}
