import { randomBytes } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { hashPassword, signUserToken, verifyPassword } from '@amicus/auth';
import { DomainError } from '@amicus/errors';
import { RUNTIME, RuntimeContext } from '@amicus/service-runtime';
import { Clock } from '@amicus/calendar';
import { CASES_CONFIG, CasesConfig } from '../config';
import { ClientEntity } from '../clients/client.entity';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from './user.entity';
import { NewUser, User, UserChange, assertNewUser, changedUser, identityOf, normaliseEmail } from './user';
import { LoginAttempts } from './login-attempts';
import { PasswordWork } from './password-work';
import { SessionsService } from './sessions.service';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly attempts = new LoginAttempts();
  private readonly passwordWork = new PasswordWork();
  /** A hash of nothing anyone knows: an unknown e-mail's password is checked against it, as long as a known one's. */
  private unknownUserHash: Promise<string> | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
    @Inject(RUNTIME) private readonly runtime: RuntimeContext,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * The first agency admin, so that a new installation can log in at all. Without a configured
   * password (production: AMICUS_ADMIN_PASSWORD empty) it gets a generated one, printed once on
   * this first start and never stored in the clear: sign in with it and set your own.
   */
  async onApplicationBootstrap(): Promise<void> {
    this.unknownUserHash ??= hashPassword(crypto.randomUUID());
    const email = normaliseEmail(this.config.AMICUS_ADMIN_EMAIL);
    const repo = this.db.getRepository(UserEntity);
    if (await repo.existsBy({ email })) return;
    const generated = this.config.AMICUS_ADMIN_PASSWORD ? null : randomBytes(18).toString('base64url');
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .values({
        id: crypto.randomUUID(),
        email,
        passwordHash: await hashPassword(generated ?? this.config.AMICUS_ADMIN_PASSWORD),
        role: 'agency_admin',
        clientId: null,
        brandIds: [],
      })
      .orIgnore()
      .execute();
    if (!inserted.identifiers.length) return; // another instance created it first
    this.runtime.log.info({ email, passwordGenerated: generated !== null }, 'first agency admin created');
    if (generated)
      process.stdout.write(
        `\n  The first agency admin is ${email}, with the one-time password\n\n      ${generated}\n\n` +
          `  It is shown this once only and stored only as a hash: keep it safe.\n\n`,
      );
  }

  /**
   * Same answer, in the same time, for an unknown e-mail, a wrong password and a disabled user:
   * no account probing (an unknown e-mail's password is checked against a hash too). Failures
   * lock the account and the caller's address for a while (LoginAttempts), before any check.
   */
  async login(email: string, password: string, address = 'unknown'): Promise<{ token: string; user: User }> {
    const account = normaliseEmail(email);
    const refusal = this.attempts.refusal(account, address, this.clock.now().getTime());
    if (refusal) {
      const retryAfterSeconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
      const who = refusal.scope === 'account' ? 'for this account' : 'from your address';
      throw new DomainError('too_many_requests', `too many failed sign-ins ${who}: try again in ${retryAfterSeconds} s`, [], {
        retryAfterSeconds,
        limit: refusal.scope === 'account' ? 'loginFailuresPerAccount' : 'loginFailuresPerAddress',
      });
    }
    const user = await this.db.getRepository(UserEntity).findOneBy({ email: account });
    this.unknownUserHash ??= hashPassword(crypto.randomUUID());
    const hash = user ? user.passwordHash : await this.unknownUserHash;
    const ok = await this.passwordWork.run(() => verifyPassword(hash, password));
    if (!user || !ok || user.disabledAt) {
      this.attempts.failed(account, address, this.clock.now().getTime());
      throw new DomainError('unauthenticated', 'wrong e-mail or password');
    }
    this.attempts.succeeded(account);
    const sessionId = await this.sessions.open(user.id, address);
    return { token: signUserToken({ ...identityOf(user), sessionId }, this.config.JWT_SECRET), user };
  }

  /** The users, for the agency admin: by role, of a client, or all; e-mail order. */
  async list(filter: { role?: string | null; clientId?: string | null; includeDisabled?: boolean | null }): Promise<User[]> {
    const q = this.db.getRepository(UserEntity).createQueryBuilder('u').orderBy('u.email');
    if (filter.role) q.andWhere('u.role = :role', { role: filter.role });
    if (filter.clientId) q.andWhere('u.client_id = :clientId', { clientId: filter.clientId });
    if (!filter.includeDisabled) q.andWhere('u.disabled_at IS NULL');
    return q.getMany();
  }

  /** A user's new role or scope, checked as a new user's is. */
  async update(id: string, change: UserChange, by: { subject: string }): Promise<User> {
    return this.db.transaction(async (m) => {
      const user = await this.userFor(m, id);
      const result = changedUser(user, change, by);
      if ('problems' in result) throw DomainError.invalid(result.problems);
      await checkScope(m, result.user);
      await m.update(UserEntity, id, {
        role: result.user.role,
        clientId: result.user.clientId,
        brandIds: result.user.brandIds,
        updatedAt: new Date(),
      });
      return { ...user, ...result.user };
    });
  }

  /**
   * Disables a user (it signs in no more; what it did stays in the history under its name) or
   * enables it again. An admin does not disable itself. Its sessions end at once: the gateway
   * checks each request's session with this service (SessionsService.check), as it does a
   * changed role or scope, which counts from the next request.
   */
  async setDisabled(id: string, disabled: boolean, reason: string | null, by: { subject: string }): Promise<User> {
    const why = reason?.trim() ?? '';
    if (disabled && !why) throw DomainError.invalid([{ field: 'input.reason', reason: 'is required' }]);
    if (disabled && id === by.subject) throw DomainError.invalid([{ field: 'input.id', reason: 'an admin does not disable itself' }]);
    return this.db.transaction(async (m) => {
      const user = await this.userFor(m, id);
      const changes = disabled
        ? { disabledAt: user.disabledAt ?? new Date(), disabledReason: why, updatedAt: new Date() }
        : { disabledAt: null, disabledReason: null, updatedAt: new Date() };
      await m.update(UserEntity, id, changes);
      return { ...user, ...changes };
    });
  }

  private async userFor(m: EntityManager, id: string): Promise<UserEntity> {
    const user = await m.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw new DomainError('not_found', `user ${id} not found`);
    return user;
  }

  async create(input: NewUser): Promise<User> {
    assertNewUser(input);
    return this.db.transaction(async (m) => {
      const brandIds = [...new Set(input.brandIds ?? [])];
      await checkScope(m, { clientId: input.clientId ?? null, brandIds });
      const email = normaliseEmail(input.email);
      if (await m.existsBy(UserEntity, { email }))
        throw new DomainError('conflict', `a user ${email} exists`, [{ field: 'input.email', reason: 'already taken' }]);
      const user: UserEntity = Object.assign(new UserEntity(), {
        id: crypto.randomUUID(),
        email,
        passwordHash: await this.passwordWork.run(() => hashPassword(input.password)),
        role: input.role,
        clientId: input.clientId ?? null,
        brandIds,
      });
      await m.insert(UserEntity, user);
      return user;
    });
  }
}

/** The client and brands a user is given exist. */
async function checkScope(m: EntityManager, scope: { clientId: string | null; brandIds: string[] }): Promise<void> {
  if (scope.clientId && !(await m.existsBy(ClientEntity, { id: scope.clientId }))) {
    throw DomainError.invalid([{ field: 'input.clientId', reason: 'no such client' }]);
  }
  if (scope.brandIds.length && (await m.countBy(BrandEntity, { id: In(scope.brandIds) })) !== scope.brandIds.length) {
    throw DomainError.invalid([{ field: 'input.brandIds', reason: 'unknown brand' }]);
  }
}
