import { defineConfig } from 'vitest/config';

/**
 * Test files that need no store, no app and no browser: pure rules, data and words. They run in cheap threads
 * that share their imports, and never wait for the global setup's store.
 */
const UNIT = [
  'src/domain/**/*.test.ts',
  'src/demo/**/*.test.ts',
  'src/catalogue/**/*.test.ts',
  'src/i18n/**/*.test.ts',
  'src/reports/**/*.test.ts',
  'src/integrations/channels/email.test.ts',
  'src/integrations/channels/sms.test.ts',
  'src/config.test.ts',
  'src/http/validation.test.ts',
  'test/web/**/*.test.ts',
];

export default defineConfig({
  test: {
    // One time zone for every run, so that dates read the same on every machine.
    env: { TZ: 'UTC' },
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'store',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: UNIT,
          // Each file starts from a copy of the store (and the demo district) that the global setup prepares once.
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          // A test that starts app processes (npm start, the browser tests) waits for each to import and open
          // its store; on a 2-core machine shared with other runs that alone has taken over a minute.
          testTimeout: 120_000,
        },
      },
    ],
  },
});
