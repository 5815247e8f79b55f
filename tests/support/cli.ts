import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '@amicus/cli';

/** The compiled `amicus` command (or another compiled entry), run as a user runs it. */
export function runCli(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; entry?: string } = {}) {
  const r = spawnSync(process.execPath, [opts.entry ?? path.join(ROOT, 'cli', 'bin', 'amicus.js'), ...args], {
    cwd: ROOT,
    input: opts.input,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 30000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
