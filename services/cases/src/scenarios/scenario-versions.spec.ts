import { DomainError } from '@amicus/errors';
import { activation, approval, nextVersionNumber, retirement, type VersionFacts } from './scenario-versions';

const v = (number: number, status: VersionFacts['status'], approved = false): VersionFacts => ({ number, status, approved });
const codeOf = (f: () => unknown): string | null => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a DomainError';
  }
};

describe('scenario versions', () => {
  const history = [v(1, 'retired'), v(2, 'active', true), v(3, 'draft'), v(4, 'draft', true)];

  it('numbers a new draft after the last version', () => {
    expect(nextVersionNumber([])).toBe(1);
    expect(nextVersionNumber(history)).toBe(5);
  });

  it('activates a draft and retires the version active until then', () => {
    expect(activation(history, 3)).toEqual({ activate: 3, retire: 2 });
    expect(activation([v(1, 'draft')], 1)).toEqual({ activate: 1, retire: null });
  });

  it('activates only a draft, retires only the active version', () => {
    expect([codeOf(() => activation(history, 1)), codeOf(() => activation(history, 2)), codeOf(() => activation(history, 9))]).toEqual([
      'conflict',
      'conflict',
      'not_found',
    ]);
    expect(retirement(history, 2)).toBe(2);
    expect([codeOf(() => retirement(history, 1)), codeOf(() => retirement(history, 3))]).toEqual(['conflict', 'conflict']);
  });

  it('lets the client approve a draft or the active version once, a retired one never', () => {
    expect(approval(history, 3)).toBe(3);
    expect(approval([v(1, 'active')], 1)).toBe(1);
    expect([codeOf(() => approval(history, 2)), codeOf(() => approval(history, 4)), codeOf(() => approval(history, 1))]).toEqual([
      'conflict',
      'conflict',
      'conflict',
    ]);
  });
});
