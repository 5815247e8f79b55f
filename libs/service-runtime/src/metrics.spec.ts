import fc from 'fast-check';
import { routeOf } from './metrics';

describe('the route a request is counted under', () => {
  it('is the first path segment only, so no id or token ever becomes a label', () => {
    expect(routeOf('/graphql')).toBe('/graphql');
    expect(routeOf('/health')).toBe('/health');
    expect(routeOf('/webhooks/payments/9f0c1e2a-0000-4000-8000-000000000001')).toBe('/webhooks');
    expect(routeOf('/pay/eyJhbGciOi.secret-token')).toBe('/pay');
    expect(routeOf('/')).toBe('/');
    expect(routeOf('')).toBe('/');
  });

  it('takes at most a short segment of plain characters, whatever the path', () => {
    fc.assert(
      fc.property(fc.string(), (rest) => {
        const r = routeOf(`/${rest}`);
        expect(r).toMatch(/^\/[A-Za-z0-9_-]{0,40}$/);
        expect(`/${rest}`.startsWith(r)).toBe(true);
      }),
    );
  });
});
