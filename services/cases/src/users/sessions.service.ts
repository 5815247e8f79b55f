import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Identity, USER_TOKEN_SECONDS } from '@amicus/auth';
import { DomainError } from '@amicus/errors';
import { Clock } from '@amicus/calendar';
import { isUuid } from '../tenancy/tenant';

/** One sign-in session, as its user (or the agency admin) sees it. */
export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date | null;
  address: string | null;
  revokedAt: Date | null;
  current: boolean;
}

/** What the gateway learns of a session: the user as of now, or why it no longer holds. */
export type SessionCheck = { identity: Identity } | { reason: string };

interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date | null;
  address: string | null;
  revoked_at: Date | null;
}

/** How often a session's last use is written (a check per request would be a write per request). */
const LAST_SEEN_EVERY_MS = 60_000;

/**
 * Sign-in sessions (cases.sessions): `login` opens one and its token names it; the gateway checks
 * it on each request (`check`); the user signs out (`logout`) or ends one of its others, the
 * agency admin any (`revoke`). A disabled user's sessions hold no more, and a changed role or
 * scope is what `check` answers from then on.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async open(userId: string, address: string): Promise<string> {
    const id = crypto.randomUUID();
    const now = this.clock.now();
    await this.db.query(`INSERT INTO cases.sessions (id, user_id, created_at, expires_at, address) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      userId,
      now,
      new Date(now.getTime() + USER_TOKEN_SECONDS * 1000),
      address === 'unknown' ? null : address,
    ]);
    return id;
  }

  /** The session's user as of now, or why the token no longer works. One indexed read; a write once a minute. */
  async check(identity: Identity): Promise<SessionCheck> {
    if (!identity.sessionId || !isUuid(identity.sessionId) || !isUuid(identity.subject)) return { reason: 'not a session' };
    const rows: (SessionRow & {
      email: string;
      role: Identity['role'];
      client_id: string | null;
      brand_ids: string[];
      disabled_at: Date | null;
    })[] = await this.db.query(
      `SELECT s.*, u.email, u.role, u.client_id, u.brand_ids, u.disabled_at
         FROM cases.sessions s JOIN cases.users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [identity.sessionId, identity.subject],
    );
    const row = rows[0];
    const now = this.clock.now();
    if (!row) return { reason: 'no such session' };
    if (row.revoked_at) return { reason: 'signed out' };
    if (row.disabled_at) return { reason: 'the user is disabled' };
    if (row.expires_at.getTime() <= now.getTime()) return { reason: 'expired' };
    if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() > LAST_SEEN_EVERY_MS)
      await this.db.query(`UPDATE cases.sessions SET last_seen_at = $2 WHERE id = $1`, [row.id, now]);
    return {
      identity: {
        subject: row.user_id,
        role: row.role,
        clientId: row.client_id,
        brandIds: row.brand_ids ?? [],
        email: row.email,
        sessionId: row.id,
      },
    };
  }

  /** Ends the caller's own session (the token it calls with stops working). */
  async logout(identity: Identity): Promise<boolean> {
    if (!identity.sessionId)
      throw DomainError.invalid([{ field: 'token', reason: 'a script token has no session to end: it ends when it expires' }]);
    await this.end(identity.sessionId, identity.subject, identity);
    return true;
  }

  /** The caller's sessions, newest first (the agency admin: any user's). */
  async list(identity: Identity, userId?: string | null): Promise<Session[]> {
    const of = userId && identity.role === 'agency_admin' ? userId : identity.subject;
    if (!isUuid(of)) return [];
    const rows: SessionRow[] = await this.db.query(
      `SELECT id, user_id, created_at, expires_at, last_seen_at, address, revoked_at FROM cases.sessions
        WHERE user_id = $1 ORDER BY created_at DESC LIMIT 100`,
      [of],
    );
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      lastSeenAt: r.last_seen_at,
      address: r.address,
      revokedAt: r.revoked_at,
      current: r.id === identity.sessionId,
    }));
  }

  /** Ends one session: one of the caller's own, or, for the agency admin, anyone's. */
  async revoke(id: string, identity: Identity): Promise<Session> {
    if (!isUuid(id)) throw DomainError.invalid([{ field: 'id', reason: 'is not a session id' }]);
    const rows: SessionRow[] = await this.db.query(`SELECT * FROM cases.sessions WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row || (row.user_id !== identity.subject && identity.role !== 'agency_admin'))
      throw new DomainError('not_found', `session ${id} not found`);
    await this.end(id, row.user_id, identity);
    return (await this.list(identity, row.user_id)).find((s) => s.id === id)!;
  }

  private async end(id: string, userId: string, by: Identity): Promise<void> {
    await this.db.query(
      `UPDATE cases.sessions SET revoked_at = $3, revoked_by = $4 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [id, userId, this.clock.now(), by.subject],
    );
  }
}
