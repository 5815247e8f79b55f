import fs from 'node:fs';
import path from 'node:path';
import { DEV_SECRETS, verifyUserToken } from '@amicus/auth';
import { ROOT } from '@amicus/cli';
import { runCli as run } from './support/cli';

/** The compiled `amicus` command and the services' start-up checks, as a user meets them. */
describe('amicus token', () => {
  it('prints a token that carries the role and the scope asked for', () => {
    const r = run(['token', '--role', 'agent', '--brand', 'b-1', 'b-2']);
    expect(r.status).toBe(0);
    expect(verifyUserToken(r.stdout.trim(), DEV_SECRETS.jwt)).toMatchObject({ role: 'agent', brandIds: ['b-1', 'b-2'], clientId: null });
  });

  it('refuses a client_user without its client, saying why', () => {
    const r = run(['token', '--role', 'client_user']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--client ID is required/);
  });
});

describe('amicus legal assess', () => {
  it('prints the decision and the statement for the README example', () => {
    const input = fs.readFileSync(path.join(ROOT, 'libs', 'legal', 'examples', 'be-consumer.json'), 'utf8');
    const r = run(['legal', 'assess'], { input });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.decision).toMatchObject({ allowed: true, rule: 'BE-C-4', maxCharge: { amountMinor: '5500', currency: 'EUR' } });
    expect(out.statement.lines.length).toBeGreaterThan(3);
  });

  it('answers bad input with exit code 2 and the problems by path', () => {
    const r = run(['legal', 'assess'], { input: '{"currency":"EURO"}' });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr).errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'currency' })]));
  });
});

describe('a service with a bad environment', () => {
  it('stops at start with a message naming each bad variable', () => {
    const r = run([], {
      entry: path.join(ROOT, 'dist', 'services', 'billing', 'src', 'main.js'),
      env: { PORT: 'eighty', DATABASE_URL: 'mysql://db/amicus' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/PORT="eighty": not an integer/);
    expect(r.stderr).toMatch(/DATABASE_URL="mysql:\/\/db\/amicus": protocol must be one of postgres, postgresql/);
  });
});
