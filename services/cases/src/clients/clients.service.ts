import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { BrandCreated, ClientOnboarded, createEvent } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import type { Identity } from '@amicus/auth';
import { Messaging } from '@amicus/service-runtime';
import { ClientEntity } from './client.entity';
import { BrandEntity } from '../brands/brand.entity';
import { Client, OnboardClient, clientScope, onboardClient } from './client';
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

  /** The clients the caller may see. */
  async visibleClients(identity: Identity): Promise<ClientEntity[]> {
    const scope = clientScope(identity);
    if (scope.all) return this.db.getRepository(ClientEntity).find({ order: { name: 'ASC' } });
    const ids = new Set(scope.clientIds ?? []);
    if (scope.brandIds?.length) {
      const brands = await this.db.getRepository(BrandEntity).findBy({ id: In(scope.brandIds) });
      brands.forEach((b) => ids.add(b.clientId));
    }
    if (!ids.size) return [];
    return this.db.getRepository(ClientEntity).find({ where: { id: In([...ids]) }, order: { name: 'ASC' } });
  }

  async visibleClient(identity: Identity, id: string): Promise<ClientEntity | null> {
    return (await this.visibleClients(identity)).find((c) => c.id === id) ?? null;
  }

  brandsOf(clientId: string, identity: Identity): Promise<BrandEntity[]> {
    const scope = clientScope(identity);
    const where = scope.all || !scope.brandIds ? { clientId } : { clientId, id: In(scope.brandIds) };
    return this.db.getRepository(BrandEntity).find({ where, order: { name: 'ASC' } });
  }
}
