import type express from 'express';
import { DEV_SECRETS, signUserToken } from '@amicus/auth';
import { requestIdentity } from '../src/session';

const request = (headers: Record<string, string>) => ({ headers, cookies: {} }) as unknown as express.Request;

describe('requestIdentity', () => {
  it('checks the token once per request: the body parser and the context get the same answer', () => {
    const token = signUserToken({ subject: 'u1', role: 'legal', clientId: null, brandIds: [], email: null }, DEV_SECRETS.jwt);
    let reads = 0;
    const req = request({});
    Object.defineProperty(req.headers, 'authorization', { get: () => (reads++, `Bearer ${token}`), enumerable: true });
    const first = requestIdentity(req, DEV_SECRETS.jwt);
    const readsForOneCheck = reads;
    // a fresh check builds a new identity: the same object means the token was not checked again
    expect(requestIdentity(req, DEV_SECRETS.jwt)).toBe(first);
    expect(reads).toBe(readsForOneCheck);
    expect(first).toMatchObject({ subject: 'u1', role: 'legal' });
    // another request is checked anew
    const other = requestIdentity(request({ authorization: `Bearer ${token}` }), DEV_SECRETS.jwt);
    expect(other).toEqual(first);
    expect(other).not.toBe(first);
  });

  it('refuses a bad token every time it is asked, and checks with another secret anew', () => {
    const token = signUserToken({ subject: 'u1', role: 'legal', clientId: null, brandIds: [], email: null }, DEV_SECRETS.jwt);
    const req = request({ authorization: `Bearer ${token}` });
    expect(() => requestIdentity(req, 'another-secret-of-at-least-32-bytes!')).toThrow('invalid token');
    expect(() => requestIdentity(req, 'another-secret-of-at-least-32-bytes!')).toThrow('invalid token');
    expect(requestIdentity(req, DEV_SECRETS.jwt)).toMatchObject({ subject: 'u1' });
  });
});
