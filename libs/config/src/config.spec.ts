import { ConfigError, int, readConfig, str, url } from './config';

const spec = {
  PORT: int('HTTP port', 4001, { min: 1, max: 65535 }),
  DATABASE_URL: url('Postgres URL', 'postgres://postgres@127.0.0.1:5432/amicus', ['postgres', 'postgresql']),
  JWT_SECRET: str('token signing secret'),
};

describe('readConfig', () => {
  it('applies defaults that work on one machine', () => {
    expect(readConfig(spec, { JWT_SECRET: 's' })).toEqual({
      PORT: 4001,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/amicus',
      JWT_SECRET: 's',
    });
  });

  it('names every bad variable and why', () => {
    try {
      readConfig(spec, { PORT: '99999', DATABASE_URL: 'mysql://x/y' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT="99999": must be between 1 and 65535/);
      expect(problems).toMatch(/DATABASE_URL="mysql:\/\/x\/y": protocol must be one of postgres, postgresql/);
      expect(problems).toMatch(/JWT_SECRET is required/);
    }
  });
});
