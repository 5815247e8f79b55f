import fc from 'fast-check';
import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('is an RFC 9562 version 7 UUID carrying its millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = uuidV7(ms);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
      }),
    );
  });

  it('sorts as text in the order of its moments, and never repeats', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => uuidV7(1_700_000_000_000 + Math.floor(i / 100)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i += 100) expect((ids[i - 1] as string) < (ids[i + 99] ?? 'g')).toBe(true);
  });
});
