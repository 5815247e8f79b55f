import { Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthError, GATEWAY_ASSERTION_HEADER, verifyGatewayAssertion } from '@amicus/auth';
import { CASES_CONFIG, CasesConfig } from '../config';
import { SessionsService } from './sessions.service';

/**
 * `POST /internal/sessions/check`: the gateway asks whether a signed-in token's session still
 * holds. The gateway's assertion for this subgraph carries the token's identity (and session);
 * the answer is the user as of now (200) or why not (401). Nothing else comes in: no body.
 */
@Controller('internal/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
  ) {}

  @Post('check')
  @HttpCode(200)
  async check(@Headers(GATEWAY_ASSERTION_HEADER) assertion: string | undefined, @Res() res: Response): Promise<void> {
    let identity;
    try {
      if (!assertion) throw new AuthError('request did not come through the gateway');
      identity = verifyGatewayAssertion(assertion, this.config.GATEWAY_ASSERTION_PUBLIC_KEY, 'cases').identity;
    } catch (e) {
      return void res.status(403).json({ reason: e instanceof AuthError ? e.message : 'request did not come through the gateway' });
    }
    if (!identity) return void res.status(401).json({ reason: 'anonymous' });
    const answer = await this.sessions.check(identity);
    if ('reason' in answer) return void res.status(401).json(answer);
    res.status(200).json(answer);
  }
}
