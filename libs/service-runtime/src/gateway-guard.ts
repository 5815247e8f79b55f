import type { NextFunction, Request, Response } from 'express';
import { AuthError, GATEWAY_ASSERTION_HEADER, Identity, verifyGatewayAssertion } from '@amicus/auth';

export interface AmicusRequest extends Request {
  identity?: Identity | null;
}

/**
 * Refuses every GraphQL request that does not carry a valid gateway assertion minted for this
 * subgraph (`audience`, its service name) within the last minute: a call straight to a subgraph's
 * port gets an error, never data, and an assertion another subgraph received does not work here.
 * The verified identity rides on the request.
 */
export function gatewayGuard(publicKey: string, audience: string) {
  return (req: AmicusRequest, res: Response, next: NextFunction): void => {
    const header = req.headers[GATEWAY_ASSERTION_HEADER];
    try {
      if (typeof header !== 'string') throw new AuthError('request did not come through the gateway');
      req.identity = verifyGatewayAssertion(header, publicKey, audience).identity;
      next();
    } catch (e) {
      const message = e instanceof AuthError ? e.message : 'request did not come through the gateway';
      res.status(401).json({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  };
}
