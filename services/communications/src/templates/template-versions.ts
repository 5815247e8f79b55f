/**
 * Template versions as a pure state model. Each template (owner × kind × language × channel)
 * has numbered versions: a draft is edited freely, activating it retires the version active
 * until then, and only a version that passed validation (known variables, required legal
 * mentions) may become active. A retired version can be activated again (a rollback), under the
 * same check.
 */
import { DomainError } from '@amicus/errors';
import type { TemplateChannel, TemplateKind, TemplateLanguage, TemplatePartsByChannel } from './template-kinds';
import type { TemplateValidation } from './template-validation';

/** 'agency' for the agency's default set, otherwise the brand's id. */
export type TemplateOwner = 'agency' | { brandId: string };

export interface TemplateKey<C extends TemplateChannel = TemplateChannel> {
  owner: TemplateOwner;
  kind: TemplateKind;
  language: TemplateLanguage;
  channel: C;
}

export type TemplateVersionStatus = 'draft' | 'active' | 'retired';

export interface TemplateVersion<C extends TemplateChannel = TemplateChannel> {
  key: TemplateKey<C>;
  version: number;
  status: TemplateVersionStatus;
  parts: TemplatePartsByChannel[C];
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

export function sameTemplate(a: TemplateKey, b: TemplateKey): boolean {
  const owner = (o: TemplateOwner) => (o === 'agency' ? 'agency' : `brand:${o.brandId}`);
  return owner(a.owner) === owner(b.owner) && a.kind === b.kind && a.language === b.language && a.channel === b.channel;
}

/** A new draft numbered after the template's last version. */
export function createDraft<C extends TemplateChannel>(
  history: readonly TemplateVersion<C>[],
  key: TemplateKey<C>,
  parts: TemplatePartsByChannel[C],
  now: Date,
): TemplateVersion<C> {
  const last = Math.max(0, ...history.filter((v) => sameTemplate(v.key, key)).map((v) => v.version));
  return { key, version: last + 1, status: 'draft', parts, createdAt: now, activatedAt: null, retiredAt: null };
}

export function updateDraft<C extends TemplateChannel>(draft: TemplateVersion<C>, parts: TemplatePartsByChannel[C]): TemplateVersion<C> {
  if (draft.status !== 'draft') {
    throw new DomainError(
      'conflict',
      `version ${draft.version} is ${draft.status}; only a draft can be edited — create a new draft instead`,
    );
  }
  return { ...draft, parts };
}

/**
 * Activates one version of a template; the version active until now is retired. `validation` is
 * the result of `validateTemplateParts` on that version's parts with the legal engine's required
 * mentions for its kind and jurisdiction; any issue refuses the activation, listing them all.
 */
/** `history` holds the versions of one template. */
export function activateVersion<C extends TemplateChannel>(
  history: readonly TemplateVersion<C>[],
  version: number,
  validation: TemplateValidation,
  now: Date,
): { history: TemplateVersion<C>[]; activated: TemplateVersion<C>; retired: TemplateVersion<C> | null } {
  const target = history.find((v) => v.version === version);
  if (!target) throw new DomainError('not_found', `template version ${version} does not exist`);
  if (target.status === 'active') throw new DomainError('conflict', `version ${version} is already active`);
  if (!validation.valid) {
    throw new DomainError(
      'invalid_input',
      `version ${version} cannot be activated: ${validation.issues.length} problem(s)`,
      validation.issues.map((issue) => ({
        field: issue.variable ?? issue.mentionId ?? `line ${issue.line ?? '?'}`,
        reason: issue.message,
      })),
    );
  }
  let retired: TemplateVersion<C> | null = null;
  const next = history.map((v) => {
    if (v === target) return { ...v, status: 'active' as const, activatedAt: now, retiredAt: null };
    if (v.status === 'active' && sameTemplate(v.key, target.key)) {
      retired = { ...v, status: 'retired' as const, retiredAt: now };
      return retired;
    }
    return v;
  });
  return { history: next, activated: next.find((v) => v.version === version && sameTemplate(v.key, target.key))!, retired };
}

/** Retires the active version: the template then falls back to the next level (agency, built-in). */
export function retireVersion<C extends TemplateChannel>(
  history: readonly TemplateVersion<C>[],
  version: number,
  now: Date,
): TemplateVersion<C>[] {
  const target = history.find((v) => v.version === version);
  if (!target) throw new DomainError('not_found', `template version ${version} does not exist`);
  if (target.status !== 'active')
    throw new DomainError('conflict', `version ${version} is ${target.status}; only the active version can be retired`);
  return history.map((v) => (v === target ? { ...v, status: 'retired', retiredAt: now } : v));
}

export function activeVersion<C extends TemplateChannel, V extends TemplateVersion<C>>(
  history: readonly V[],
  key: TemplateKey<C>,
): V | null {
  return history.find((v) => v.status === 'active' && sameTemplate(v.key, key)) ?? null;
}
