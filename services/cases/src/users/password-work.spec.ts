import fc from 'fast-check';
import { PasswordWork } from './password-work';

describe('password work', () => {
  it('runs at most two hashes at once, the rest in the order they came, and passes results and errors through', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: 5 }), fc.boolean()), { minLength: 1, maxLength: 30 }), async (jobs) => {
        const work = new PasswordWork(2);
        let running = 0;
        let most = 0;
        const started: number[] = [];
        const results = await Promise.allSettled(
          jobs.map(([ms, fails], i) =>
            work.run(async () => {
              started.push(i);
              running++;
              most = Math.max(most, running);
              await new Promise((r) => setTimeout(r, ms));
              running--;
              if (fails) throw new Error(`job ${i}`);
              return i;
            }),
          ),
        );
        expect(most).toBeLessThanOrEqual(2);
        expect(started).toEqual(jobs.map((_, i) => i));
        results.forEach((r, i) =>
          expect(r.status === 'fulfilled' ? r.value : (r.reason as Error).message).toEqual(jobs[i]![1] ? `job ${i}` : i),
        );
        expect(work.stats()).toEqual({ running: 0, waiting: 0 });
      }),
      { numRuns: 30 },
    );
  });
});
