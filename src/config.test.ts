import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('the settings', () => {
  it('default to a developer machine on the embedded store', () => {
    expect(readConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      production: false,
      sessionHours: 12,
      signInRateLimitPerMinute: 10,
    });
  });

  it('take whole numbers for the session length and the sign-in limit', () => {
    const config = readConfig({ HUYING_SESSION_HOURS: '8', HUYING_SIGN_IN_LIMIT_PER_MINUTE: '30' });
    expect(config).toMatchObject({ sessionHours: 8, signInRateLimitPerMinute: 30 });
  });

  it.each([
    ['HUYING_SESSION_HOURS', 'twelve'],
    ['HUYING_SESSION_HOURS', '0'],
    ['HUYING_SIGN_IN_LIMIT_PER_MINUTE', '2.5'],
    ['HUYING_SIGN_IN_LIMIT_PER_MINUTE', '-1'],
    ['PORT', '70000'],
  ])('refuse %s=%s, naming the setting and what it takes', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number`));
  });
});
