/**
 * Tests run on the embedded store unless HUYING_TEST_DATABASE_URL names a PostgreSQL server; then every test
 * file gets its own database cloned from a migrated template. No test file knows which.
 */
import { createHash } from 'node:crypto';

export const serverUrl = process.env.HUYING_TEST_DATABASE_URL || null;
/** One template per checkout, so that two checkouts can run their suites on one server at once. */
export const TEMPLATE_DATABASE = `huying_test_template_${createHash('sha256').update(process.cwd()).digest('hex').slice(0, 8)}`;

export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The migrated template with the demo district loaded: what every demo app (browser tests) starts from. */
export const DEMO_TEMPLATE_DATABASE = `${TEMPLATE_DATABASE}_demo`;
