import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type AppProcess, freePort, spawnApp, waitHealthy } from './app-process.ts';
import { openAppStore } from './test-store.ts';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');
export const DEMO_PASSWORD = 'huying-demo';

/** Debian's Chromium, headless, with the background traffic off that this closed network would refuse. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.HUYING_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
export const DESKTOP = { viewport: { width: 1440, height: 900 } };

/** A demo district app in a process of its own, on a fresh store of the suite's kind, for one test file. */
export interface DemoApp {
  url: string;
  app: AppProcess;
  stop(): Promise<void>;
}

export async function startDemoApp(): Promise<DemoApp> {
  // A copy of the demo district prepared once by the global setup: the app neither creates nor migrates
  // the store, nor loads the district, and the test holds no connection of its own to it.
  const store = await openAppStore('demo');
  // Every browser and API client of a test file signs in from 127.0.0.1; the limit itself is tested over HTTP.
  const app = spawnApp(
    { ...store.childEnv, LOG_LEVEL: 'warn', HUYING_SIGN_IN_LIMIT_PER_MINUTE: '100' },
    await freePort(),
  );
  await waitHealthy(app, 180_000);
  return {
    url: app.url,
    app,
    async stop() {
      app.child.kill('SIGTERM');
      await Promise.race([app.exited, new Promise((done) => setTimeout(done, 10_000))]);
      app.child.kill('SIGKILL');
      await app.exited;
      await store.close();
    },
  };
}

/** A browser context that speaks the given language and, on a phone, stands at the given position. */
export async function openContext(
  browser: Browser,
  size: typeof PHONE | typeof DESKTOP,
  options: { locale?: string; position?: { latitude: number; longitude: number } } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    ...size,
    locale: options.locale ?? 'zh-CN',
    ...(options.position ? { geolocation: options.position, permissions: ['geolocation'] } : {}),
  });
}

export async function signInAs(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel(/用户名|User name/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Writes a screenshot of the whole page to test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
