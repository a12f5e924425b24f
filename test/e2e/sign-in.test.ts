import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let demo: DemoApp;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('sign-in', () => {
  it('/ leads to the sign-in page, in Chinese first', async () => {
    const context = await openContext(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(demo.url);
    await page.waitForURL(/\/sign-in/);
    // The sign-in screen is loaded after the page: wait for it rather than look once.
    await page.getByRole('heading', { name: '呼应' }).waitFor();
    expect(await page.getByRole('button', { name: '登录' }).textContent()).toBe('登录');
    await screenshot(page, 'sign-in-desktop');
    await context.close();
  });

  it('an English browser gets the English page', async () => {
    const context = await openContext(browser, PHONE, { locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${demo.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Huying');
    await screenshot(page, 'sign-in-phone-en');
    await context.close();
  });

  it('a wrong password is refused with a message and keeps the person on the page', async () => {
    const context = await openContext(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${demo.url}/sign-in`);
    await page.getByLabel('用户名').fill('demo-admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('登录失败');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it.each([
    ['demo-street-dispatcher', '/command', DESKTOP],
    ['demo-department-officer', '/department', DESKTOP],
    ['demo-admin', '/admin', DESKTOP],
    ['demo-grid-worker', '/field', PHONE],
    ['demo-resident', '/resident', PHONE],
  ] as const)('%s is led to %s', async (username, home, size) => {
    const context = await openContext(browser, size);
    const page = await context.newPage();
    await signInAs(page, demo.url, username);
    expect(new URL(page.url()).pathname).toBe(home);
    await context.close();
  });

  it('a screen opened before signing in comes back after it', async () => {
    const context = await openContext(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${demo.url}/admin`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('用户名').fill('demo-admin');
    await page.getByLabel('密码').fill('huying-demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${demo.url}/admin`);
    await context.close();
  });
});
