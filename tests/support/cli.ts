import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '@amicus/cli';

type CliOptions = { input?: string; env?: NodeJS.ProcessEnv; entry?: string };
type CliResult = { status: number | null; stdout: string; stderr: string };

const commandOf = (args: string[], opts: CliOptions) => [opts.entry ?? path.join(ROOT, 'cli', 'bin', 'amicus.js'), ...args];
const spawnOptions = (opts: CliOptions) => ({ cwd: ROOT, env: { ...process.env, ...opts.env }, encoding: 'utf8' as const, timeout: 30000 });

/** The compiled `amicus` command (or another compiled entry), run as a user runs it. */
export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, commandOf(args, opts), { ...spawnOptions(opts), input: opts.input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same without blocking the test's event loop: for a test that also talks to a running
 * system, whose idle keep-alive connections would otherwise close unnoticed while the command runs.
 */
export function runCliAsync(args: string[], opts: Omit<CliOptions, 'input'> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, commandOf(args, opts), spawnOptions(opts), (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}
