import { GraphQLError } from 'graphql';
import { AuthError, Identity, verifyUserToken } from '@amicus/auth';

/**
 * The caller's identity from `Authorization: Bearer <token>`: null when there is no token
 * (anonymous calls reach only `login`), an error when a token is present but not valid.
 */
export function identityFromHeader(authorization: string | undefined, secret: string): Identity | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  try {
    if (!match) throw new AuthError('Authorization header must be "Bearer <token>"');
    return verifyUserToken(match[1], secret);
  } catch (e) {
    throw new GraphQLError(e instanceof AuthError ? e.message : 'invalid token', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}
