import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BrandCreated, ClientOnboarded, createEvent } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { LEGAL_PHASES, tenantWall, type Identity } from '@amicus/auth';
import { Messaging } from '@amicus/service-runtime';
import { ClientEntity } from './client.entity';
import { BrandEntity } from '../brands/brand.entity';
import { Client, OnboardClient, onboardClient } from './client';
import { Brand, NewBrand, createBrand } from '../brands/brand';

/** Use cases of clients and brands: one transaction each, state and events together. */
@Injectable()
export class ClientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly messaging: Messaging,
  ) {}

  async onboard(input: OnboardClient, correlationId: string): Promise<Client> {
    const client = onboardClient(crypto.randomUUID(), input);
    return this.db.transaction(async (m) => {
      await m.insert(ClientEntity, client);
      await this.messaging.publish(
        m,
        createEvent(ClientOnboarded, {
          aggregateId: client.id,
          clientId: client.id,
          correlationId,
          payload: {
            clientId: client.id,
            name: client.name,
            country: client.country,
            enterpriseNumber: client.enterpriseNumber,
            sme: client.sme,
          },
        }),
      );
      return client;
    });
  }

  async createBrand(input: NewBrand, correlationId: string): Promise<Brand> {
    return this.db.transaction(async (m) => {
      const owner = await m.findOneBy(ClientEntity, { id: input.clientId });
      if (!owner)
        throw new DomainError('not_found', `no client ${input.clientId}`, [{ field: 'input.clientId', reason: 'no such client' }]);
      const brand = createBrand(crypto.randomUUID(), input);
      await m.insert(BrandEntity, brand);
      await this.messaging.publish(
        m,
        createEvent(BrandCreated, {
          aggregateId: brand.clientId,
          clientId: brand.clientId,
          correlationId,
          payload: {
            brandId: brand.id,
            clientId: brand.clientId,
            name: brand.name,
            languages: brand.languages,
            email: brand.email,
            phone: brand.phone,
          },
        }),
      );
      return brand;
    });
  }

  /**
   * The clients the caller may see (libs/auth's walls): the admin all, a client user its own, an
   * agent those of its brands, legal staff those with a case in a legal phase.
   */
  async visibleClients(identity: Identity): Promise<ClientEntity[]> {
    const wall = tenantWall(identity);
    let ids: string[];
    switch (wall.kind) {
      case 'all':
        return this.db.getRepository(ClientEntity).find({ order: { name: 'ASC' } });
      case 'clients':
        ids = wall.clientIds;
        break;
      case 'brands':
        ids = wall.brandIds.length
          ? (await this.db.getRepository(BrandEntity).findBy({ id: In(wall.brandIds) })).map((b) => b.clientId)
          : [];
        break;
      case 'legal_phases':
        ids = (
          (await this.db.query(`SELECT DISTINCT client_id FROM cases.cases WHERE phase = ANY($1)`, [[...LEGAL_PHASES]])) as {
            client_id: string;
          }[]
        ).map((r) => r.client_id);
        break;
    }
    if (!ids.length) return [];
    return this.db.getRepository(ClientEntity).find({ where: { id: In([...new Set(ids)]) }, order: { name: 'ASC' } });
  }

  async visibleClient(identity: Identity, id: string): Promise<ClientEntity | null> {
    return (await this.visibleClients(identity)).find((c) => c.id === id) ?? null;
  }

  /** A visible client's brands: an agent its own only, legal staff those of a case in a legal phase. */
  async brandsOf(clientId: string, identity: Identity): Promise<BrandEntity[]> {
    const wall = tenantWall(identity);
    const brands = this.db.getRepository(BrandEntity);
    const order = { name: 'ASC' } as const;
    switch (wall.kind) {
      case 'all':
        return brands.find({ where: { clientId }, order });
      case 'clients':
        return wall.clientIds.includes(clientId) ? brands.find({ where: { clientId }, order }) : [];
      case 'brands':
        return brands.find({ where: { clientId, id: In(wall.brandIds) }, order });
      case 'legal_phases': {
        const rows = (await this.db.query(`SELECT DISTINCT brand_id FROM cases.cases WHERE client_id = $1 AND phase = ANY($2)`, [
          clientId,
          [...LEGAL_PHASES],
        ])) as { brand_id: string }[];
        return rows.length ? brands.find({ where: { clientId, id: In(rows.map((r) => r.brand_id)) }, order }) : [];
      }
    }
  }
}
