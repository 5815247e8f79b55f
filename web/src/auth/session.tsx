import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { apollo, csrfToken, SESSION_ENDED } from '../api/client';

export type Role = 'agency_admin' | 'agent' | 'legal' | 'client_user';

export interface SessionUser {
  id: string;
  email: string | null;
  role: Role;
  clientId: string | null;
  brandIds: string[];
}

interface SessionState {
  /** undefined while the gateway is asked who is signed in. */
  user: SessionUser | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** A sign-in refusal in words, with the field it is about when there is one. */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly problems: { field: string; reason: string }[] = [],
  ) {
    super(message);
  }
}

/** The signed-in user, from the gateway's httpOnly session cookie (the page never sees the token). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void fetch('/session', { credentials: 'same-origin' })
      .then(async (res) => (res.ok ? ((await res.json()) as { user: SessionUser }).user : null))
      .catch(() => null)
      .then((u) => live && setUser(u));
    const ended = () => setUser(null);
    window.addEventListener(SESSION_ENDED, ended);
    return () => {
      live = false;
      window.removeEventListener(SESSION_ENDED, ended);
    };
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    const res = await fetch('/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      user?: SessionUser;
      error?: string;
      problems?: { field: string; reason: string }[];
    };
    if (!res.ok || !body.user) throw new SignInError(body.error ?? `sign-in failed (${res.status})`, body.problems);
    await apollo.clearStore();
    setUser(body.user);
  }, []);

  const signOut = useCallback(async () => {
    await fetch('/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'x-csrf-token': csrfToken() } });
    await apollo.clearStore();
    setUser(null);
  }, []);

  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user on a page that only signed-in users reach. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser on a page without a signed-in user');
  return user;
}

/** Where each audience starts. */
export const HOME: Record<Role, string> = { agent: '/agent', client_user: '/client', legal: '/legal', agency_admin: '/admin' };
