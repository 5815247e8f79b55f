import { DEFAULT_TEMPLATES } from '../templates/default-templates/default-templates';
import { SAMPLE_CONTEXT } from '../templates/template-variables';
import { previewTemplate } from './preview';

describe('previewTemplate', () => {
  it('renders a version for the sample case by default', () => {
    const result = previewTemplate('sms', DEFAULT_TEMPLATES.reminder.nl.sms, { language: 'nl' });
    expect(result.validation.valid).toBe(true);
    expect(result.preview).toMatchObject({ channel: 'sms', sms: { encoding: 'GSM-7' } });
  });

  it('renders for a real case context when given one', () => {
    const real = { ...structuredClone(SAMPLE_CONTEXT), case: { reference: 'AMI-REAL-1' } };
    const result = previewTemplate('email', DEFAULT_TEMPLATES.reminder.en.email, { language: 'en', context: real });
    expect(result.preview?.channel === 'email' && result.preview.email.subject).toContain('AMI-REAL-1');
  });

  it('still previews a version that lacks a mention, but not one with an unknown variable', () => {
    const mention = { id: 'X', rule: 'r', source: 's', description: 'd', variables: ['agency.supervisor'] };
    expect(previewTemplate('sms', { text: 'Hi {{debtor.name}}' }, { language: 'en', requiredMentions: [mention] }).preview).not.toBeNull();
    const broken = previewTemplate('sms', { text: 'Hi {{debtor.nam}}' }, { language: 'en' });
    expect(broken.preview).toBeNull();
    expect(broken.validation.issues[0].code).toBe('unknown_variable');
  });
});
