/**
 * argon2 runs on libuv's thread pool (4 threads by default), which file reads, zlib and DNS
 * lookups share. A burst of sign-ins must not take every thread: at most `concurrency` hashes
 * run at once (default 2, half the pool), the others wait their turn in order.
 */
export class PasswordWork {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency = 2) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next)
        next(); // the slot passes on: `running` stays as it is
      else this.running--;
    }
  }

  /** Hashes running and waiting (for tests and monitoring). */
  stats(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
