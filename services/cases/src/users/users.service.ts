import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { hashPassword, signUserToken, verifyPassword } from '@amicus/auth';
import { DomainError } from '@amicus/errors';
import { RUNTIME, RuntimeContext } from '@amicus/service-runtime';
import { CASES_CONFIG, CasesConfig } from '../config';
import { ClientEntity } from '../clients/client.entity';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from './user.entity';
import { NewUser, User, assertNewUser, identityOf, normaliseEmail } from './user';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    @Inject(RUNTIME) private readonly runtime: RuntimeContext,
  ) {}

  /** The first agency admin, so that a new installation can log in at all. */
  async onApplicationBootstrap(): Promise<void> {
    const email = normaliseEmail(this.config.AMICUS_ADMIN_EMAIL);
    const repo = this.db.getRepository(UserEntity);
    if (await repo.existsBy({ email })) return;
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        id: crypto.randomUUID(),
        email,
        passwordHash: await hashPassword(this.config.AMICUS_ADMIN_PASSWORD),
        role: 'agency_admin',
        clientId: null,
        brandIds: [],
      })
      .orIgnore()
      .execute();
    this.runtime.log.info({ email }, 'first agency admin created');
  }

  /** Same answer for an unknown e-mail and a wrong password: no account probing. */
  async login(email: string, password: string): Promise<{ token: string; user: User }> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ email: normaliseEmail(email) });
    const ok = user ? await verifyPassword(user.passwordHash, password) : false;
    if (!user || !ok) throw new DomainError('unauthenticated', 'wrong e-mail or password');
    return { token: signUserToken(identityOf(user), this.config.JWT_SECRET), user };
  }

  async create(input: NewUser): Promise<User> {
    assertNewUser(input);
    return this.db.transaction(async (m) => {
      if (input.clientId && !(await m.existsBy(ClientEntity, { id: input.clientId }))) {
        throw DomainError.invalid([{ field: 'input.clientId', reason: 'no such client' }]);
      }
      const brandIds = [...new Set(input.brandIds ?? [])];
      if (brandIds.length && (await m.countBy(BrandEntity, { id: In(brandIds) })) !== brandIds.length) {
        throw DomainError.invalid([{ field: 'input.brandIds', reason: 'unknown brand' }]);
      }
      const email = normaliseEmail(input.email);
      if (await m.existsBy(UserEntity, { email }))
        throw new DomainError('conflict', `a user ${email} exists`, [{ field: 'input.email', reason: 'already taken' }]);
      const user: UserEntity = Object.assign(new UserEntity(), {
        id: crypto.randomUUID(),
        email,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        clientId: input.clientId ?? null,
        brandIds,
      });
      await m.insert(UserEntity, user);
      return user;
    });
  }
}
