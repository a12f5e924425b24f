/**
 * Tests run on the embedded store unless HUYING_TEST_DATABASE_URL names a PostgreSQL server; then every test
 * file gets its own database cloned from a migrated template. No test file knows which.
 */
export const serverUrl = process.env.HUYING_TEST_DATABASE_URL || null;
export const TEMPLATE_DATABASE = 'huying_test_template';

export function databaseUrlFor(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
