import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server (production); absent, the embedded store under `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  production: boolean;
  logLevel: string;
  /** Browsers over plain HTTP on a developer's machine cannot keep Secure cookies. */
  secureCookies: boolean;
  sessionHours: number;
  /** Sign-in and resident sign-up attempts one address may make a minute, across every app process. */
  signInRateLimitPerMinute: number;
  /** smtp://… for e-mail notices; without it, e-mails are written to a log file under the data folder. */
  smtpUrl: string | null;
  /** The sender of e-mail notices; a default names Huying. */
  mailFrom: string | undefined;
}

export class ConfigError extends Error {}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}

function wholeNumberFrom(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max}, not "${value}".`);
  }
  return number;
}

function databaseUrlFrom(value: string | undefined): string | null {
  if (!value) return null;
  if (!/^postgres(ql)?:\/\//.test(value)) {
    throw new ConfigError(
      'DATABASE_URL must start with postgres:// or postgresql://, e.g. postgres://user@host:5432/huying.',
    );
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    port: portFrom(env.PORT),
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: databaseUrlFrom(env.DATABASE_URL),
    dataDir: resolve(env.HUYING_DATA_DIR ?? 'data'),
    production,
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    secureCookies: env.HUYING_SECURE_COOKIES ? env.HUYING_SECURE_COOKIES === 'true' : production,
    sessionHours: wholeNumberFrom('HUYING_SESSION_HOURS', env.HUYING_SESSION_HOURS, 12, 24 * 30),
    signInRateLimitPerMinute: wholeNumberFrom(
      'HUYING_SIGN_IN_LIMIT_PER_MINUTE',
      env.HUYING_SIGN_IN_LIMIT_PER_MINUTE,
      10,
      10_000,
    ),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.HUYING_MAIL_FROM || undefined,
  };
}
