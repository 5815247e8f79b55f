import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Agreement, agreementScope } from './agreement';
import { AgreementEntity, agreementOf } from './agreement.entity';

/** The agreements use cases; the caller comes first and the wall is applied in the query. */
@Injectable()
export class AgreementsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The agreements the caller may see, the most recent first. */
  async visibleAgreements(identity: Identity): Promise<Agreement[]> {
    const scope = agreementScope(identity);
    if (scope.kind === 'none') return [];
    const where = scope.kind === 'client' ? { clientId: scope.clientId } : {};
    const rows = await this.db.getRepository(AgreementEntity).find({ where, order: { validFrom: 'DESC' } });
    return rows.map(agreementOf);
  }
}
