import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import admin from '../../web/src/i18n/admin.ts';
import command from '../../web/src/i18n/command.ts';
import department from '../../web/src/i18n/department.ts';
import field from '../../web/src/i18n/field.ts';
import resident from '../../web/src/i18n/resident.ts';
import {
  DESKTOP,
  type DemoApp,
  launchChromium,
  openContext,
  PHONE,
  screenshot,
  signInAs,
  startDemoApp,
} from '../support/browser.ts';

/**
 * Every main screen opened at a desk and on a phone, each picture written to test-results/screenshots: a
 * dispatcher checks the map on a phone after hours, and a grid leader reads reports at a desk.
 */
const SCREENS: { username: string; screens: { path: string; title: string; name: string }[] }[] = [
  {
    username: 'demo-street-dispatcher',
    screens: [
      { path: '/command', title: command['zh-CN'].nav.map, name: 'command-map' },
      { path: '/command/events', title: command['zh-CN'].nav.events, name: 'command-events' },
      { path: '/command/dashboard', title: command['zh-CN'].nav.dashboard, name: 'command-dashboard' },
    ],
  },
  {
    username: 'demo-department-officer',
    screens: [{ path: '/department', title: department['zh-CN'].title, name: 'department-todo' }],
  },
  {
    username: 'demo-admin',
    screens: [{ path: '/admin', title: admin['zh-CN'].title, name: 'admin-overview' }],
  },
  {
    username: 'demo-grid-worker',
    screens: [
      { path: '/field', title: field['zh-CN'].titles.report, name: 'field-report' },
      { path: '/field/events', title: field['zh-CN'].titles.events, name: 'field-events' },
    ],
  },
  {
    username: 'demo-resident',
    screens: [{ path: '/resident', title: resident['zh-CN'].titles.report, name: 'resident-report' }],
  },
];

let demo: DemoApp;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('every main screen at desk and phone sizes', () => {
  it.each(SCREENS)('$username’s screens', { timeout: 120_000 }, async ({ username, screens }) => {
    // One sign-in per person (sign-in is rate limited); the window is resized between the pictures.
    const context = await openContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInAs(page, demo.url, username);
    for (const screen of screens) {
      for (const [size, viewport] of [
        ['desktop', DESKTOP.viewport],
        ['phone', PHONE.viewport],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.goto(`${demo.url}${screen.path}`);
        await page.waitForLoadState('networkidle');
        expect(await page.title()).toBe(`${screen.title} · 呼应`);
        expect(new URL(page.url()).pathname).toBe(screen.path);
        // The screen's frame is drawn, not only its title.
        await page.locator('main, .el-main').first().waitFor();
        await screenshot(page, `all-${screen.name}-${size}`);
      }
    }
    await context.close();
  });
});
