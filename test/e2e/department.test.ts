import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  type DemoApp,
  launchChromium,
  openContext,
  screenshot,
  signInAs,
  startDemoApp,
} from '../support/browser.ts';
import { type ApiClient, apiClient, middleOfArea } from '../support/demo-api.ts';

// A 1×1 PNG: the evidence photo of the handling report.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let demo: DemoApp;
let browser: Browser;
const clients = new Map<string, ApiClient>();

/** The API as one demo account, signed in once. */
function as(username: string): ApiClient {
  const client = clients.get(username) ?? apiClient(demo.url, username);
  clients.set(username, client);
  return client;
}

/**
 * An event whistled to the officer's department: the grid worker reports it inside their grid, the grid and
 * the community pass it up, and the street head (the only one who may whistle) calls the department.
 */
async function eventForTheOfficersDepartment(): Promise<{ id: string; trackingCode: string }> {
  const officer = await as('demo-department-officer').get('/api/v1/me');
  const worker = await as('demo-grid-worker').get('/api/v1/me');
  const inside = await middleOfArea(as('demo-grid-worker'), worker.area.code);
  const reported = await as('demo-grid-worker').post(
    '/api/v1/events',
    {
      catalogueItemCode: '01001',
      description: '井盖缺失，行人有跌落危险',
      location: { lng: inside.longitude, lat: inside.latitude },
    },
    { 'idempotency-key': randomUUID() },
  );
  const command = (who: string, name: string, body: object) =>
    as(who).post(`/api/v1/events/${reported.id}/${name}`, body);
  await command('demo-grid-worker', 'escalate', { reason: '需要社区协调' });
  await command('demo-community-staff', 'escalate', { reason: '需要街道协调' });
  await command('demo-street-head', 'whistle', { lead: officer.department.code, reason: '请区城管委处置' });
  return reported;
}

function rowOf(page: Page, trackingCode: string) {
  return page.getByRole('row').filter({ hasText: trackingCode });
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('the department officer’s to-do list', () => {
  it('accepts a whistled case from the list, asks for more time, reports it handled with a photo', async () => {
    const event = await eventForTheOfficersDepartment();
    // A second case, already accepted, so that the list holds both kinds of quick action.
    const other = await eventForTheOfficersDepartment();
    await as('demo-department-officer').post(`/api/v1/events/${other.id}/accept`, {});
    const context = await openContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInAs(page, demo.url, 'demo-department-officer');
    expect(new URL(page.url()).pathname).toBe('/department');
    await rowOf(page, other.trackingCode).getByRole('button', { name: '处置反馈' }).waitFor();

    const row = rowOf(page, event.trackingCode);
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/待接单/);
    await expect(row.textContent()).resolves.toMatch(/接单/);
    await expect(row.textContent()).resolves.toMatch(/剩余|已超期/);
    await expect(row.textContent()).resolves.toMatch(/正常|临期|超期/);
    await screenshot(page, 'department-todo-desktop');

    await row.getByRole('button', { name: '接单' }).click();
    await expect.poll(() => row.textContent()).toMatch(/处置中/);
    const accepted = await as('demo-department-officer').get(`/api/v1/events/${event.id}`);
    expect(accepted.state).toBe('accepted');

    await row.getByRole('button', { name: '申请延期' }).click();
    const extend = page.getByRole('dialog', { name: /申请延期/ });
    await extend.getByRole('button', { name: '提交' }).click();
    await extend.getByText('请填写延期理由').waitFor();
    await extend.getByLabel('延期理由').fill('需协调供水公司更换井盖，配件两天后到货');
    await extend.getByLabel('延长小时数').fill('48');
    await extend.getByRole('button', { name: '提交' }).click();
    await extend.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toMatch(/申请审批中/);
    const extended = await as('demo-department-officer').get(`/api/v1/events/${event.id}`);
    const request = extended.timeline.find((entry: { type: string }) => entry.type === 'extension_requested');
    expect(request?.fact).toMatchObject({ extraHours: 48, reason: '需协调供水公司更换井盖，配件两天后到货' });

    await row.getByRole('button', { name: '处置反馈' }).click();
    const handle = page.getByRole('dialog', { name: /处置反馈/ });
    await handle.getByLabel('处置情况').fill('已加装临时井盖并设置警示围挡');
    await handle
      .getByLabel('现场照片')
      .setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: PHOTO });
    await handle.getByText('site.png').waitFor();
    await handle.getByRole('button', { name: '提交' }).click();
    await handle.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    const handled = await as('demo-department-officer').get(`/api/v1/events/${event.id}`);
    expect(handled.state).toBe('handled');
    const report = handled.timeline.find((entry: { type: string }) => entry.type === 'handled');
    expect(report?.fact.attachmentIds).toHaveLength(1);

    await page.getByRole('tab', { name: '本部门案件' }).click();
    await expect.poll(() => rowOf(page, event.trackingCode).textContent()).toMatch(/待核查/);
    await context.close();
  });

  it('opens the event page from a focused row with the keyboard', async () => {
    const event = await eventForTheOfficersDepartment();
    const context = await openContext(browser, DESKTOP);
    const page = await context.newPage();
    await signInAs(page, demo.url, 'demo-department-officer');
    const row = rowOf(page, event.trackingCode);
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${demo.url}/events/${event.id}`);
    await context.close();
  });
});
