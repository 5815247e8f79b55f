/** Exponential back-off: base, 2·base, 4·base … capped at max. `attempt` counts from 1. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}

/** Sleeps, but wakes early when the signal aborts (so stop() does not wait out a back-off). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** A duration given in days by an environment variable (a positive number), in ms; refuses anything else by its name. */
export function daysFromEnv(name: string, fallbackDays: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackDays * 24 * 3600_000;
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0) throw new Error(`${name}=${JSON.stringify(raw)}: must be a positive number of days`);
  return days * 24 * 3600_000;
}
