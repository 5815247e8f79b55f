/**
 * Which template a communication uses: the brand's active version when it overrides this kind,
 * language and channel; otherwise the agency's active default; otherwise the built-in default
 * set the agency started from. There is no fallback to another language: a Belgian debtor is
 * addressed in their own language or not at all.
 */
import { DEFAULT_TEMPLATES } from './default-templates/default-templates';
import type { TemplateChannel, TemplateKind, TemplateLanguage, TemplatePartsByChannel } from './template-kinds';
import { activeVersion, type TemplateVersion } from './template-versions';

export interface TemplateRequest<C extends TemplateChannel = TemplateChannel> {
  brandId: string;
  kind: TemplateKind;
  language: TemplateLanguage;
  channel: C;
}

export interface ResolvedTemplate<C extends TemplateChannel = TemplateChannel, V extends TemplateVersion<C> = TemplateVersion<C>> {
  parts: TemplatePartsByChannel[C];
  source: 'brand' | 'agency' | 'built_in';
  /** The version used (null for the built-in default). */
  version: number | null;
  /** That version as it was given (a stored one carries its id). */
  used: V | null;
}

export function resolveTemplate<C extends TemplateChannel, V extends TemplateVersion<C> = TemplateVersion<C>>(
  request: TemplateRequest<C>,
  versions: { brand: readonly V[]; agency: readonly V[] },
): ResolvedTemplate<C, V> {
  const { kind, language, channel } = request;
  const brand = activeVersion(versions.brand, { owner: { brandId: request.brandId }, kind, language, channel });
  if (brand) return { parts: brand.parts, source: 'brand', version: brand.version, used: brand };
  const agency = activeVersion(versions.agency, { owner: 'agency', kind, language, channel });
  if (agency) return { parts: agency.parts, source: 'agency', version: agency.version, used: agency };
  return { parts: DEFAULT_TEMPLATES[kind][language][channel] as TemplatePartsByChannel[C], source: 'built_in', version: null, used: null };
}
