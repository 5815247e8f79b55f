import { useMutation, useQuery } from '@apollo/client/react';
import {
  Anchor,
  Button,
  ColorInput,
  FileButton,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../components/PageState';
import { useFormat } from '../format';
import { graphql } from '../gql';
import type { AdminBrandLooksQuery } from '../gql/graphql';
import { MEANING } from '../theme';
import { formProblems, GeneralError } from './form-problems';
import { PreviewFrame } from './PreviewFrame';
import { contrastRatio, emailPreview, letterPreview, type LookFields, type SampleWords } from './look-preview';

const LOOKS = graphql(`
  query AdminBrandLooks {
    brandLooks {
      brandId
      clientId
      brandName
      languages
      senderName
      replyEmail
      phone
      iban
      logoUrl
      primaryColor
      secondaryColor
      website
      footer
      letterhead
    }
  }
`);

const UPDATE_LOOK = graphql(`
  mutation AdminUpdateBrandLook($input: UpdateBrandLookInput!) {
    updateBrandLook(input: $input) {
      brandId
      senderName
      replyEmail
      phone
      iban
      logoUrl
      primaryColor
      secondaryColor
      website
      footer
      letterhead
    }
  }
`);

type Look = AdminBrandLooksQuery['brandLooks'][number];
const FIELDS = [
  'senderName',
  'replyEmail',
  'phone',
  'iban',
  'logoUrl',
  'primaryColor',
  'secondaryColor',
  'website',
  'footer',
  'letterhead',
] as const satisfies readonly (keyof LookFields)[];

const fieldsOf = (look: Look): LookFields => Object.fromEntries(FIELDS.map((k) => [k, look[k] ?? ''])) as unknown as LookFields; // every field, '' for none

/** A brand's look and sender identity, edited beside a live preview of a letter's head and an e-mail. */
export function BrandLookPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('admin');
  const { data, loading, error, refetch } = useQuery(LOOKS);
  const look = data?.brandLooks.find((l) => l.brandId === id);
  return (
    <Stack gap="md">
      <Anchor component={Link} to={look ? `/admin/clients/${look.clientId}` : '/admin'} size="sm">
        ← {t('look.back')}
      </Anchor>
      {error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {loading && !data && <Loading />}
      {data && !look && (
        <Empty title={t('look.none')}>
          {t('look.noneText')}{' '}
          <Anchor component="button" type="button" onClick={() => void refetch()} size="sm">
            {t('look.reload')}
          </Anchor>
        </Empty>
      )}
      {look && <LookEditor key={look.brandId} look={look} />}
    </Stack>
  );
}

function LookEditor({ look }: { look: Look }) {
  const { t, i18n } = useTranslation('admin');
  const f = useFormat();
  const [form, setForm] = useState<LookFields>(() => fieldsOf(look));
  const [saved, setSaved] = useState(false);
  const [view, setView] = useState<'letter' | 'email'>('letter');
  const [update, { loading, error }] = useMutation(UPDATE_LOOK, { refetchQueries: ['AdminBrandLooks'] });
  const p = formProblems(error, FIELDS);
  const original = useMemo(() => fieldsOf(look), [look]);
  const changed = FIELDS.filter((k) => form[k] !== original[k]);
  useEffect(() => setSaved(false), [form]);

  const set = (k: keyof LookFields) => (value: string) => setForm((prev) => ({ ...prev, [k]: value }));
  const text = (k: keyof LookFields, extra: { label: string; description?: string; type?: string }) => (
    <TextInput {...extra} value={form[k]} onChange={(e) => set(k)(e.currentTarget.value)} error={p.of(k)} />
  );
  const submit = async () => {
    // A field left out keeps its value; only what changed is sent (the API says what it refuses).
    const input = Object.fromEntries(changed.map((k) => [k, form[k]]));
    const r = await update({ variables: { input: { brandId: look.brandId, ...input } } }).catch(() => null);
    if (r?.data) setSaved(true);
  };
  const onWhite = contrastRatio('#ffffff', form.primaryColor);
  const name = look.brandName ?? look.senderName;
  const words: SampleWords = {
    ...(t('look.sample', { returnObjects: true }) as Omit<SampleWords, 'sampleAmount' | 'sampleDate'>),
    sampleAmount: f.money('125000', 'EUR'),
    sampleDate: f.date('2024-03-01'),
    lang: i18n.language,
  };
  const preview = view === 'letter' ? letterPreview(name, form, words) : emailPreview(name, form, words);

  return (
    <>
      <div>
        <Title order={1} size="h3">
          {t('look.title', { name })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('look.subtitle', { languages: look.languages.join(', ') })}
        </Text>
      </div>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper
            withBorder
            p="sm"
            component="form"
            aria-label={t('look.form')}
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Stack gap="sm">
              <Title order={2} size="h5">
                {t('look.identity')}
              </Title>
              {text('senderName', { label: t('look.senderName'), description: t('look.senderNameHint') })}
              <SimpleGrid cols={2} spacing="sm">
                {text('replyEmail', { label: t('look.replyEmail'), type: 'email' })}
                {text('phone', { label: t('look.phone'), description: t('look.phoneHint') })}
              </SimpleGrid>
              {text('iban', { label: t('look.iban'), description: t('look.ibanHint') })}
              {text('website', { label: t('look.website'), description: t('look.urlHint') })}
              <Title order={2} size="h5" mt="xs">
                {t('look.look')}
              </Title>
              <SimpleGrid cols={2} spacing="sm">
                <ColourField
                  label={t('look.primaryColor')}
                  description={t('look.primaryHint')}
                  pick={t('look.pick', { name: t('look.primaryColor') })}
                  value={form.primaryColor}
                  onChange={set('primaryColor')}
                  error={p.of('primaryColor')}
                />
                <ColourField
                  label={t('look.secondaryColor')}
                  description={t('look.secondaryHint')}
                  pick={t('look.pick', { name: t('look.secondaryColor') })}
                  value={form.secondaryColor}
                  onChange={set('secondaryColor')}
                  error={p.of('secondaryColor')}
                />
              </SimpleGrid>
              {onWhite !== null && onWhite < 4.5 && (
                <Text size="xs" c={MEANING.refused} role="status">
                  {t('look.lowContrast', { ratio: onWhite.toFixed(1) })}
                </Text>
              )}
              {text('logoUrl', { label: t('look.logoUrl'), description: t('look.urlHint') })}
              <Group align="flex-end" gap="xs" wrap="nowrap">
                <div style={{ flex: 1 }}>{text('letterhead', { label: t('look.letterhead'), description: t('look.letterheadHint') })}</div>
                <FileButton accept="image/png,image/jpeg,image/svg+xml" onChange={(file) => file && readAsDataUrl(file, set('letterhead'))}>
                  {(props) => (
                    <Button variant="default" {...props}>
                      {t('look.upload')}
                    </Button>
                  )}
                </FileButton>
              </Group>
              <Textarea
                label={t('look.footer')}
                description={t('look.footerHint')}
                autosize
                minRows={2}
                value={form.footer}
                onChange={(e) => set('footer')(e.currentTarget.value)}
                error={p.of('footer')}
              />
              <GeneralError text={p.general} />
              <Group gap="sm">
                <Button type="submit" loading={loading} disabled={!changed.length}>
                  {t('look.save')}
                </Button>
                <Button variant="default" disabled={!changed.length} onClick={() => setForm(original)}>
                  {t('look.undo')}
                </Button>
                {saved && (
                  <Text size="sm" c={MEANING.ok} role="status">
                    {t('look.saved')}
                  </Text>
                )}
                {!saved && changed.length > 0 && (
                  <Text size="sm" c="dimmed">
                    {t('look.unsaved', { count: changed.length })}
                  </Text>
                )}
              </Group>
            </Stack>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="xs" style={{ position: 'sticky', top: 64 }}>
            <Group justify="space-between">
              <Title order={2} size="h5">
                {t('look.preview')}
              </Title>
              <SegmentedControl
                size="xs"
                aria-label={t('look.previewOf')}
                value={view}
                onChange={(v) => setView(v as 'letter' | 'email')}
                data={[
                  { value: 'letter', label: t('look.letterTab') },
                  { value: 'email', label: t('look.emailTab') },
                ]}
              />
            </Group>
            <Text size="xs" c="dimmed">
              {t('look.previewHint')}
            </Text>
            <PreviewFrame
              title={t('look.previewFrame', { view: view === 'letter' ? t('look.letterTab') : t('look.emailTab') })}
              testId="look-preview"
              html={preview}
              height={520}
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/**
 * A colour typed as #rrggbb beside the browser's own colour chooser (Mantine's picker dropdown has
 * sliders without names for assistive technology; the browser's chooser is named and keyboard-usable).
 */
function ColourField(props: {
  label: string;
  description: string;
  pick: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const valid = /^#[0-9a-fA-F]{6}$/.test(props.value);
  return (
    <ColorInput
      label={props.label}
      description={props.description}
      format="hex"
      withPicker={false}
      withEyeDropper={false}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      rightSection={
        <input
          type="color"
          aria-label={props.pick}
          value={valid ? props.value.toLowerCase() : '#000000'}
          onChange={(e) => props.onChange(e.currentTarget.value)}
          style={{ width: 24, height: 24, padding: 0, border: 0, background: 'none', cursor: 'pointer' }}
        />
      }
    />
  );
}

function readAsDataUrl(file: File, done: (url: string) => void): void {
  const reader = new FileReader();
  reader.onload = () => typeof reader.result === 'string' && done(reader.result);
  reader.readAsDataURL(file);
}
