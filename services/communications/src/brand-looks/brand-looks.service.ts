import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { LEGAL_PHASES, tenantWall, type Identity } from '@amicus/auth';
import type { BrandCreatedV1, ClientOnboardedV1, EventEnvelope } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { BrandLookEntity } from './brand-look.entity';
import type { UpdateBrandLookInput } from './brand-look.model';
import { brandLanguages } from './brand-look';

@Injectable()
export class BrandLooksService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A new brand starts with a default look: its name as sender, its e-mail and phone. */
  async brandCreated(e: EventEnvelope<BrandCreatedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO communications.brand_looks (brand_id, client_id, brand_name, languages, sender_name, reply_email, phone)
       VALUES ($1, $2, $3, $4, $3, $5, $6)
       ON CONFLICT (brand_id) DO UPDATE SET brand_name = EXCLUDED.brand_name, languages = EXCLUDED.languages`,
      [p.brandId, p.clientId, p.name, brandLanguages(p.languages), p.email, p.phone],
    );
  }

  /** The creditor's identity, printed on reminders (creditor.name, creditor.enterpriseNumber). */
  async clientOnboarded(e: EventEnvelope<ClientOnboardedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    await m.query(
      `INSERT INTO communications.clients (client_id, name, country, enterprise_number) VALUES ($1, $2, $3, $4)
       ON CONFLICT (client_id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country, enterprise_number = EXCLUDED.enterprise_number`,
      [p.clientId, p.name, p.country, p.enterpriseNumber],
    );
  }

  /**
   * The brand looks the caller may see (libs/auth's walls, as brandInWall): the admin all, a client
   * user its client's, an agent its brands', legal staff the brands of a case in a legal phase.
   */
  async visible(identity: Identity): Promise<BrandLookEntity[]> {
    const wall = tenantWall(identity);
    let where: FindOptionsWhere<BrandLookEntity> = {};
    if (wall.kind === 'clients') where = { clientId: In(wall.clientIds) };
    if (wall.kind === 'brands') where = { brandId: In(wall.brandIds) };
    if (wall.kind === 'legal_phases') {
      const rows = (await this.db.query(
        `SELECT DISTINCT brand_id FROM communications.case_contacts WHERE brand_id IS NOT NULL AND phase = ANY($1)`,
        [[...LEGAL_PHASES]],
      )) as { brand_id: string }[];
      where = { brandId: In(rows.map((r) => r.brand_id)) };
    }
    return this.db.getRepository(BrandLookEntity).find({ where, order: { senderName: 'ASC' } });
  }

  async update(input: UpdateBrandLookInput): Promise<BrandLookEntity> {
    return this.db.transaction(async (m) => {
      const { brandId, ...given } = input;
      const changes = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
      const look = await m.findOne(BrandLookEntity, { where: { brandId }, lock: { mode: 'pessimistic_write' } });
      if (!look)
        throw new DomainError('not_found', `no brand look for brand ${brandId}`, [{ field: 'input.brandId', reason: 'no such brand' }]);
      if (Object.keys(changes).length) await m.update(BrandLookEntity, { brandId }, changes);
      return (await m.findOneBy(BrandLookEntity, { brandId }))!;
    });
  }
}
