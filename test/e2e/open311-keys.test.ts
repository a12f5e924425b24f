import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPEN311_KEY } from '../../src/commands/load-demo-district.ts';
import {
  DESKTOP,
  type DemoApp,
  launchChromium,
  openContext,
  screenshot,
  signInAs,
  startDemoApp,
} from '../support/browser.ts';
import { apiClient } from '../support/demo-api.ts';

let demo: DemoApp;
let browser: Browser;
let page: Page;
let gridCode = '';

/** Files an Open311 request in the demo district's first grid with this key; answers the HTTP status. */
async function fileWith(key: string): Promise<number> {
  const response = await fetch(`${demo.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: key,
      service_code: '06001',
      description: '测试',
      address_id: gridCode,
    }),
  });
  return response.status;
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
  const grids = await apiClient(demo.url, 'demo-admin').get('/api/v1/areas?level=grid&limit=1');
  gridCode = grids.items[0].code;
  const context = await openContext(browser, DESKTOP);
  page = await context.newPage();
  await signInAs(page, demo.url, 'demo-admin');
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('the administrators’ Open311 keys screen', () => {
  it('the demo district’s key printed in the README files a request', async () => {
    expect(await fileWith(DEMO_OPEN311_KEY)).toBe(201);
  });

  it('issues a key tied to a source, shown once, that works until it is revoked on the screen', async () => {
    await page.goto(`${demo.url}/admin/open311`);
    await page.getByRole('heading', { name: 'Open311 密钥', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: '演示居民上报应用' }).waitFor();
    await page.getByRole('button', { name: '签发密钥' }).click();
    const dialog = page.getByRole('dialog', { name: '签发密钥' });
    await dialog.getByLabel('客户端名称').fill('区数字城管系统');
    // The select opens from the keyboard, as a person tabbing through the form would.
    await dialog.getByRole('combobox', { name: '事件来源' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('option', { name: '其他系统', exact: true }).click();
    await dialog.getByRole('button', { name: '签发密钥' }).click();
    const shown = page.getByRole('dialog', { name: '“区数字城管系统”的密钥' });
    const key = await shown.getByLabel('密钥').inputValue();
    expect(key).toMatch(/^o311_/);
    await screenshot(page, 'admin-open311-key-desktop');
    await shown.getByRole('button', { name: '确定' }).click();
    expect(await fileWith(key)).toBe(201);

    const row = page.getByRole('row').filter({ hasText: '区数字城管系统' });
    await row.getByText(key.slice(0, 9)).waitFor();
    await row.getByRole('button', { name: /吊销/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: '吊销' }).click();
    await row.getByText(/已于 .* 吊销/).waitFor();
    expect(await fileWith(key)).toBe(403);
    await screenshot(page, 'admin-open311-desktop');
  });

  it('a key issued with the source the dialog preselects files a request under that source', async () => {
    await page.goto(`${demo.url}/admin/open311`);
    await page.getByRole('heading', { name: 'Open311 密钥', level: 1 }).waitFor();
    await page.getByRole('button', { name: '签发密钥' }).click();
    const dialog = page.getByRole('dialog', { name: '签发密钥' });
    await dialog.getByLabel('客户端名称').fill('居民随手拍小程序');
    await dialog.getByRole('button', { name: '签发密钥' }).click();
    const shown = page.getByRole('dialog', { name: '“居民随手拍小程序”的密钥' });
    const key = await shown.getByLabel('密钥').inputValue();
    await shown.getByRole('button', { name: '确定' }).click();
    const response = await fetch(`${demo.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: '06001',
        description: '测试',
        address_id: gridCode,
      }),
    });
    expect(response.status).toBe(201);
    const [filed] = (await response.json()) as { token: string }[];
    const event = await apiClient(demo.url, 'demo-admin').get(`/api/v1/events/${filed!.token}`);
    expect(event.source).toBe('resident');
  });
});
