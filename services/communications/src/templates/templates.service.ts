import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@amicus/errors';
import {
  TEMPLATE_CHANNELS,
  TEMPLATE_KINDS,
  TEMPLATE_LANGUAGES,
  isTemplateKind,
  isTemplateLanguage,
  partModes,
  type TemplateChannel,
  type TemplateKind,
  type TemplateLanguage,
  type TemplatePartsByChannel,
} from './template-kinds';
import { templateChecks } from './template-mentions';
import { resolveTemplate, type ResolvedTemplate, type TemplateRequest } from './template-resolver';
import { validateTemplateParts, type TemplateValidation } from './template-validation';
import { activateVersion, retireVersion, type TemplateVersion } from './template-versions';

/** One stored version with its template's key. */
export interface StoredTemplateVersion {
  id: string;
  templateId: string;
  brandId: string | null;
  kind: TemplateKind;
  language: TemplateLanguage;
  channel: TemplateChannel;
  version: number;
  status: 'draft' | 'active' | 'retired';
  parts: Record<string, string>;
  createdBy: string;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

/** Versions with their template's key, the columns named as the fields of StoredTemplateVersion. */
const SELECT = `SELECT v.id, v.template_id AS "templateId", t.brand_id AS "brandId", t.kind, t.language, t.channel, v.version, v.status, v.parts,
    v.created_by AS "createdBy", v.created_at AS "createdAt", v.activated_at AS "activatedAt", v.retired_at AS "retiredAt"
  FROM communications.template_versions v JOIN communications.templates t ON t.id = v.template_id`;

/** A stored version as the pure version model sees it, with its id. */
const asVersion = (v: StoredTemplateVersion): TemplateVersion & { id: string } => ({
  id: v.id,
  key: { owner: v.brandId ? { brandId: v.brandId } : 'agency', kind: v.kind, language: v.language, channel: v.channel },
  version: v.version,
  status: v.status,
  // Created with exactly the parts of its channel (createVersion checks them).
  parts: v.parts as unknown as TemplatePartsByChannel[TemplateChannel],
  createdAt: v.createdAt,
  activatedAt: v.activatedAt,
  retiredAt: v.retiredAt,
});

/** What a brand without its own version of a kind, language and channel is sent: the agency's active version, else the built-in text. */
export interface DefaultTemplate {
  kind: TemplateKind;
  language: TemplateLanguage;
  channel: TemplateChannel;
  source: 'agency' | 'built_in';
  /** The agency's version used (null for the built-in text). */
  versionId: string | null;
  version: number | null;
  parts: Record<string, string>;
}

export interface ResolvedForSending<C extends TemplateChannel> {
  parts: TemplatePartsByChannel[C];
  source: ResolvedTemplate['source'];
  versionId: string | null;
}

/** Template versions in the database: list, draft, activate (legal-checked), resolve for a send. */
@Injectable()
export class TemplatesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(filter: { brandId: string | null; kind?: string; language?: string }): Promise<StoredTemplateVersion[]> {
    const versions: StoredTemplateVersion[] = await this.db.query(
      `${SELECT} WHERE t.brand_id IS NOT DISTINCT FROM $1 AND ($2::text IS NULL OR t.kind = $2) AND ($3::text IS NULL OR t.language = $3)
       ORDER BY t.kind, t.language, t.channel, v.version`,
      [filter.brandId, filter.kind ?? null, filter.language ?? null],
    );
    return versions;
  }

  async get(id: string, m: EntityManager = this.db.manager): Promise<StoredTemplateVersion> {
    const [version]: StoredTemplateVersion[] = await m.query(`${SELECT} WHERE v.id = $1`, [id]);
    if (!version)
      throw new DomainError('not_found', `no template version ${id}`, [{ field: 'versionId', reason: 'no such template version' }]);
    return version;
  }

  /** A new draft, numbered after the template's last version; the parts must fit the channel. */
  async createVersion(
    input: { brandId: string | null; kind: string; language: string; channel: string; parts: Record<string, string | undefined> },
    actor: string,
  ): Promise<StoredTemplateVersion> {
    const { kind, language, channel } = input;
    const problems = [];
    if (!isTemplateKind(kind)) problems.push({ field: 'input.kind', reason: `unknown kind ${kind}` });
    if (!isTemplateLanguage(language)) problems.push({ field: 'input.language', reason: 'must be nl, fr, de or en' });
    if (!(TEMPLATE_CHANNELS as readonly string[]).includes(channel))
      problems.push({ field: 'input.channel', reason: 'must be email, sms or letter' });
    if (problems.length) throw DomainError.invalid(problems);
    const parts: Record<string, string> = {};
    for (const name of Object.keys(partModes(channel as TemplateChannel))) {
      const source = input.parts[name];
      if (!source?.trim()) problems.push({ field: `input.${name}`, reason: `is required for a ${channel} template` });
      else parts[name] = source;
    }
    if (problems.length) throw DomainError.invalid(problems);
    return this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO communications.templates (id, brand_id, kind, language, channel) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (COALESCE(brand_id, '00000000-0000-0000-0000-000000000000'::uuid), kind, language, channel) DO NOTHING`,
        [crypto.randomUUID(), input.brandId, kind, language, channel],
      );
      const [template]: { id: string }[] = await m.query(
        `SELECT id FROM communications.templates WHERE brand_id IS NOT DISTINCT FROM $1 AND kind = $2 AND language = $3 AND channel = $4 FOR UPDATE`,
        [input.brandId, kind, language, channel],
      );
      const [{ next }]: { next: number }[] = await m.query(
        `SELECT COALESCE(MAX(version), 0) + 1 AS next FROM communications.template_versions WHERE template_id = $1`,
        [template.id],
      );
      const id = crypto.randomUUID();
      await m.query(
        `INSERT INTO communications.template_versions (id, template_id, version, status, parts, created_by) VALUES ($1, $2, $3, 'draft', $4::jsonb, $5)`,
        [id, template.id, next, JSON.stringify(parts), actor],
      );
      return this.get(id, m);
    });
  }

  /** The checks activation makes: known variables, the legal mentions of its kind, what its kind may not say. */
  validate(version: Pick<StoredTemplateVersion, 'kind' | 'channel' | 'parts'>): TemplateValidation {
    return validateTemplateParts(version.parts, templateChecks(version.kind, version.channel));
  }

  /**
   * Activates a version after validation; the template's active version is retired. A refusal
   * lists every problem: each unknown variable, each missing mention with its rule.
   */
  async activate(id: string, now: Date): Promise<StoredTemplateVersion> {
    return this.db.transaction(async (m) => {
      const target = await this.get(id, m);
      const rows = await this.versionsOfTemplate(m, target.templateId);
      const history = rows.map(asVersion);
      const { retired } = activateVersion(history, target.version, this.validate(target), now);
      if (retired) {
        await m.query(
          `UPDATE communications.template_versions SET status = 'retired', retired_at = $3 WHERE template_id = $1 AND version = $2`,
          [target.templateId, retired.version, now],
        );
      }
      await m.query(`UPDATE communications.template_versions SET status = 'active', activated_at = $2, retired_at = NULL WHERE id = $1`, [
        id,
        now,
      ]);
      return this.get(id, m);
    });
  }

  /**
   * Retires the active version (agency admin): sending then falls back to the next level (the
   * agency default for a brand override, the built-in set for the agency default).
   */
  async retire(id: string, now: Date): Promise<StoredTemplateVersion> {
    return this.db.transaction(async (m) => {
      const target = await this.get(id, m);
      const rows = await this.versionsOfTemplate(m, target.templateId);
      retireVersion(rows.map(asVersion), target.version, now);
      await m.query(`UPDATE communications.template_versions SET status = 'retired', retired_at = $2 WHERE id = $1`, [id, now]);
      return this.get(id, m);
    });
  }

  /** The versions of one template, locked for the change the caller makes. */
  private async versionsOfTemplate(m: EntityManager, templateId: string): Promise<StoredTemplateVersion[]> {
    const versions: StoredTemplateVersion[] = await m.query(`${SELECT} WHERE v.template_id = $1 ORDER BY v.version FOR UPDATE OF v`, [
      templateId,
    ]);
    return versions;
  }

  /**
   * The agency default set as a brand starts from it: per kind, language and channel, the text a
   * brand without its own version is sent (resolveTemplate with no brand version).
   */
  async defaults(filter: { kind?: string; language?: string; channel?: string }): Promise<DefaultTemplate[]> {
    const problems = [];
    if (filter.kind && !isTemplateKind(filter.kind)) problems.push({ field: 'kind', reason: `unknown kind ${filter.kind}` });
    if (filter.language && !isTemplateLanguage(filter.language)) problems.push({ field: 'language', reason: 'must be nl, fr, de or en' });
    if (filter.channel && !(TEMPLATE_CHANNELS as readonly string[]).includes(filter.channel))
      problems.push({ field: 'channel', reason: 'must be email, sms or letter' });
    if (problems.length) throw DomainError.invalid(problems);
    const rows: StoredTemplateVersion[] = await this.db.query(
      `${SELECT} WHERE v.status = 'active' AND t.brand_id IS NULL AND ($1::text IS NULL OR t.kind = $1) AND ($2::text IS NULL OR t.language = $2)
       AND ($3::text IS NULL OR t.channel = $3)`,
      [filter.kind ?? null, filter.language ?? null, filter.channel ?? null],
    );
    const agency = rows.map(asVersion);
    const out: DefaultTemplate[] = [];
    for (const kind of TEMPLATE_KINDS.filter((k) => !filter.kind || k === filter.kind))
      for (const language of TEMPLATE_LANGUAGES.filter((l) => !filter.language || l === filter.language))
        for (const channel of TEMPLATE_CHANNELS.filter((c) => !filter.channel || c === filter.channel)) {
          // No brand's versions: the agency's active one, else the built-in text (the brand id matches none).
          const resolved = resolveTemplate({ brandId: '', kind, language, channel }, { brand: [], agency });
          out.push({
            kind,
            language,
            channel,
            source: resolved.source === 'agency' ? 'agency' : 'built_in',
            versionId: resolved.used?.id ?? null,
            version: resolved.version,
            parts: resolved.parts as unknown as Record<string, string>,
          });
        }
    return out;
  }

  async brandExists(brandId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM communications.brand_looks WHERE brand_id = $1`, [brandId]);
    return rows.length > 0;
  }

  /** The template a send uses: resolveTemplate's choice among the brand's and the agency's active versions. */
  async resolveForSending<C extends TemplateChannel>(
    request: TemplateRequest<C>,
    m: EntityManager = this.db.manager,
  ): Promise<ResolvedForSending<C>> {
    const rows: StoredTemplateVersion[] = await m.query(
      `${SELECT} WHERE v.status = 'active' AND t.kind = $2 AND t.language = $3 AND t.channel = $4 AND (t.brand_id = $1 OR t.brand_id IS NULL)`,
      [request.brandId, request.kind, request.language, request.channel],
    );
    // Versions of the channel asked for (the query's channel = $4).
    const versions = rows.map(asVersion) as (TemplateVersion<C> & { id: string })[];
    const resolved = resolveTemplate(request, {
      brand: versions.filter((v) => v.key.owner !== 'agency'),
      agency: versions.filter((v) => v.key.owner === 'agency'),
    });
    return { parts: resolved.parts, source: resolved.source, versionId: resolved.used?.id ?? null };
  }
}
