import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { Agreement, AgreementVersionInput, agreementInForce, agreementScope, approveVersion, draftVersion } from './agreement';
import { AgreementEntity, agreementOf, agreementRowOf } from './agreement.entity';
import { readAsTenant } from '../tenant-reads';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The agreements use cases; the caller comes first and the wall is applied in the query. */
@Injectable()
export class AgreementsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The agreement versions the caller may see (one client's when asked; a client user the approved ones), the most recent first. */
  async visibleAgreements(identity: Identity, clientId: string | null = null): Promise<Agreement[]> {
    const scope = agreementScope(identity);
    if (scope.kind === 'none') return [];
    if (scope.kind === 'client' && clientId && clientId !== scope.clientId) return [];
    const client = scope.kind === 'client' ? scope.clientId : clientId;
    // A draft is the agency's until approved: the client's users see the versions that apply.
    const where = { ...(client ? { clientId: client } : {}), ...(scope.kind === 'client' ? { status: 'approved' as const } : {}) };
    const rows = await readAsTenant(this.db, identity, (m) =>
      m.getRepository(AgreementEntity).find({ where, order: { validFrom: 'DESC', version: 'DESC' } }),
    );
    return rows.map(agreementOf);
  }

  /** The approved version in force for a client on a day, behind the same wall. */
  async inForce(identity: Identity, clientId: string, day: CalendarDate): Promise<Agreement | null> {
    return agreementInForce(await this.visibleAgreements(identity, clientId), day);
  }

  /** The agency admin drafts a new version for a client; it applies once approved. */
  async createVersion(identity: Identity, clientId: string, input: AgreementVersionInput): Promise<Agreement> {
    this.requireAdmin(identity);
    if (!UUID.test(clientId)) throw DomainError.invalid([{ field: 'input.clientId', reason: 'is not a client id (uuid)' }]);
    return this.db.transaction(async (m) => {
      const versions = await this.lockedVersions(m, clientId);
      const drafted = draftVersion(versions, input, { id: crypto.randomUUID(), clientId, createdBy: identity.subject });
      if ('problems' in drafted) throw DomainError.invalid(drafted.problems);
      await m.getRepository(AgreementEntity).insert(agreementRowOf(drafted.agreement));
      return drafted.agreement;
    });
  }

  /** The agency admin approves a draft: in force from its first day, the version before closed the day before. */
  async approveVersion(identity: Identity, agreementId: string): Promise<Agreement> {
    this.requireAdmin(identity);
    if (!UUID.test(agreementId)) throw new DomainError('not_found', `no agreement ${agreementId}`);
    return this.db.transaction(async (m) => {
      const row = await m.getRepository(AgreementEntity).findOne({ where: { id: agreementId } });
      if (!row) throw new DomainError('not_found', `no agreement ${agreementId}`);
      const decision = approveVersion(await this.lockedVersions(m, row.clientId), agreementId, identity.subject);
      if (!decision.ok) throw new DomainError(decision.code, decision.reason);
      const repo = m.getRepository(AgreementEntity);
      if (decision.closed) await repo.update({ id: decision.closed.id }, { validTo: decision.closed.validTo });
      await repo.update({ id: agreementId }, { status: 'approved', approvedBy: identity.subject, approvedAt: this.clock.now() });
      return decision.approved;
    });
  }

  /** A client's versions, locked so two approvals of one client do not overlap. */
  private async lockedVersions(m: EntityManager, clientId: string): Promise<Agreement[]> {
    // Serialises writers of one client even before its first version exists.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('billing.agreements:' || $1))`, [clientId]);
    const rows = await m.getRepository(AgreementEntity).find({ where: { clientId } });
    return rows.map(agreementOf);
  }

  private requireAdmin(identity: Identity): void {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'only the agency admin writes agreements');
  }
}
