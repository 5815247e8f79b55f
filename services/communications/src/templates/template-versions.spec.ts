import { DomainError } from '@amicus/errors';
import { resolveTemplate } from './template-resolver';
import { validateTemplateParts, type RequiredMention } from './template-validation';
import {
  activateVersion,
  activeVersion,
  createDraft,
  retireVersion,
  updateDraft,
  type TemplateKey,
  type TemplateVersion,
} from './template-versions';

const key: TemplateKey<'sms'> = { owner: { brandId: 'brand-1' }, kind: 'reminder', language: 'nl', channel: 'sms' };
const t0 = new Date('2025-01-06T09:00:00Z');
const t1 = new Date('2025-01-07T09:00:00Z');
const ok = validateTemplateParts({ text: 'Betaal {{money amounts.total}}' });

function history(): TemplateVersion<'sms'>[] {
  const v1 = createDraft([], key, { text: 'v1 {{case.reference}}' }, t0);
  const v2 = createDraft([v1], key, { text: 'v2 {{case.reference}}' }, t0);
  return [v1, v2];
}

describe('template versions', () => {
  it('numbers drafts after the last version of the same template only', () => {
    const [v1, v2] = history();
    expect([v1.version, v2.version, v1.status]).toEqual([1, 2, 'draft']);
    expect(createDraft([v1, v2], { ...key, language: 'fr' }, { text: 'x' }, t0).version).toBe(1);
  });

  it('activating a version retires the one active before', () => {
    const first = activateVersion(history(), 1, ok, t0);
    const second = activateVersion(first.history, 2, ok, t1);
    expect(second.retired).toMatchObject({ version: 1, status: 'retired', retiredAt: t1 });
    expect(activeVersion(second.history, key)).toMatchObject({ version: 2, activatedAt: t1 });
  });

  it('refuses to activate a version with an unknown variable, listing the problem', () => {
    const invalid = validateTemplateParts({ text: 'Betaal {{amounts.totaal}}' });
    expect(() => activateVersion(history(), 1, invalid, t0)).toThrow(DomainError);
    try {
      activateVersion(history(), 1, invalid, t0);
    } catch (e) {
      expect((e as DomainError).problems[0]).toMatchObject({
        field: 'amounts.totaal',
        reason: expect.stringContaining('Unknown variable'),
      });
    }
  });

  it('refuses to activate a version lacking a required mention', () => {
    const mention: RequiredMention = {
      id: 'BE-A-1',
      rule: 'registration',
      source: 'CEL XIX.4',
      description: 'agency registration',
      variables: ['agency.registrationNumber'],
    };
    const lacking = validateTemplateParts({ text: 'Betaal {{money amounts.total}}' }, { requiredMentions: [mention] });
    expect(() => activateVersion(history(), 1, lacking, t0)).toThrow(/cannot be activated/);
  });

  it('edits drafts only, and retires only the active version', () => {
    const { history: h } = activateVersion(history(), 1, ok, t0);
    expect(() => updateDraft(h[0], { text: 'changed' })).toThrow(/only a draft/);
    expect(updateDraft(h[1], { text: 'changed' }).parts.text).toBe('changed');
    expect(() => retireVersion(h, 2, t1)).toThrow(/only the active/);
    expect(activeVersion(retireVersion(h, 1, t1), key)).toBeNull();
  });

  it('allows a rollback: a retired version can be activated again', () => {
    const a = activateVersion(history(), 1, ok, t0);
    const b = activateVersion(a.history, 2, ok, t0);
    const c = activateVersion(b.history, 1, ok, t1);
    expect(activeVersion(c.history, key)?.version).toBe(1);
  });
});

describe('resolveTemplate', () => {
  const request = { brandId: 'brand-1', kind: 'reminder', language: 'nl', channel: 'sms' } as const;
  const agencyKey: TemplateKey<'sms'> = { ...key, owner: 'agency' };

  it('uses the built-in default when neither brand nor agency has an active version', () => {
    const resolved = resolveTemplate(request, { brand: history(), agency: [] });
    expect(resolved).toMatchObject({ source: 'built_in', version: null });
    expect(resolved.parts.text).toContain('herinnering');
  });

  it("prefers the agency's active default over the built-in one, and the brand's override over both", () => {
    const agency = activateVersion([createDraft([], agencyKey, { text: 'agency {{case.reference}}' }, t0)], 1, ok, t0).history;
    expect(resolveTemplate(request, { brand: history(), agency })).toMatchObject({
      source: 'agency',
      version: 1,
      parts: { text: 'agency {{case.reference}}' },
    });
    const brand = activateVersion(history(), 2, ok, t0).history;
    expect(resolveTemplate(request, { brand, agency })).toMatchObject({ source: 'brand', version: 2 });
  });

  it("ignores another brand's override", () => {
    const brand = activateVersion(history(), 2, ok, t0).history;
    expect(resolveTemplate({ ...request, brandId: 'brand-2' }, { brand, agency: [] }).source).toBe('built_in');
  });
});
