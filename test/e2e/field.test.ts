import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoApp,
  launchChromium,
  openContext,
  PHONE,
  screenshot,
  signInAs,
  startDemoApp,
} from '../support/browser.ts';
import { apiClient, composeReport, middleOfArea, streetPhotoPng } from '../support/demo-api.ts';

let demo: DemoApp;
let browser: Browser;
let worker: ReturnType<typeof apiClient>;
let gridCode: string;
let insideGrid: { latitude: number; longitude: number };

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
  worker = apiClient(demo.url, 'demo-grid-worker');
  gridCode = (await worker.get('/api/v1/me')).area.code;
  insideGrid = await middleOfArea(worker, gridCode);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

async function openField(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await openContext(browser, PHONE, { position: insideGrid });
  const page = await context.newPage();
  await signInAs(page, demo.url, 'demo-grid-worker');
  expect(new URL(page.url()).pathname).toBe('/field');
  return { context, page };
}

async function eventsOfMyGrid(): Promise<{ id: string; trackingCode: string; description: string }[]> {
  return (await worker.get(`/api/v1/events?area=${gridCode}&limit=200`)).items;
}

describe('the grid worker’s phone', () => {
  it('reports with a photo, a GPS position and an item found by search, and shows the tracking code', async () => {
    const { context, page } = await openField();
    await composeReport(page, { search: '井盖', pick: /井盖/ }, '人行道井盖破损，有行人绊倒的危险');
    await page.getByRole('status').filter({ hasText: 'GPS 定位' }).waitFor();
    await page.getByLabel('地址（选填）').fill('银河北里3号楼东侧');
    await screenshot(page, 'field-report-phone');

    const upload = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/attachments') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: '提交上报' }).click();
    const attachmentId = (await (await upload).json()).id as string;
    await page.getByText('上报成功').waitFor();
    const code = (await page.getByRole('status').locator('output').textContent())?.trim() ?? '';
    expect(code).toMatch(/^HY-/);

    const [event] = (await worker.get(`/api/v1/events?trackingCode=${code}`)).items;
    expect(event.description).toBe('人行道井盖破损，有行人绊倒的危险');
    expect(event.address).toBe('银河北里3号楼东侧');
    expect(event.areaPath.split('/')).toContain(gridCode);
    expect(event.source).toBe('grid_worker');
    // Someone other than the uploader sees the photo only through an event it is filed with.
    const dispatcher = apiClient(demo.url, 'demo-street-dispatcher');
    expect((await dispatcher.call('GET', `/api/v1/attachments/${attachmentId}`)).status).toBe(200);
    await context.close();
  });

  it('keeps a report made offline, lists it as waiting, and sends it exactly once when the network returns', async () => {
    const { context, page } = await openField();
    await page.getByRole('status').filter({ hasText: 'GPS 定位' }).waitFor();
    // Every screen's code has been fetched once: the service worker serves them from now on.
    await page.evaluate(() => navigator.serviceWorker.ready);
    const before = (await eventsOfMyGrid()).length;

    await context.setOffline(true);
    await page.getByText('当前离线').waitFor();
    const description = `离线上报：路灯不亮 ${randomUUID().slice(0, 8)}`;
    await composeReport(page, { search: '路灯', pick: /路灯/ }, description);
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.getByText('当前无网络：上报已保存在本机，联网后自动发送').waitFor();
    await page.getByText('待发送（1）').waitFor();
    await screenshot(page, 'field-offline-phone');
    expect((await eventsOfMyGrid()).length).toBe(before);

    // The app itself comes from the service worker: another tab opens without network.
    const other = await context.newPage();
    await other.goto(`${demo.url}/field`);
    await other
      .getByRole('heading', { name: '呼应' })
      .or(other.getByRole('tab', { name: '上报' }))
      .waitFor();
    await other.close();

    await context.setOffline(false);
    await page.getByText('联网后已发送').waitFor();
    await page.getByText('待发送（1）').waitFor({ state: 'detached' });
    const after = await eventsOfMyGrid();
    expect(after.length).toBe(before + 1);
    expect(after.filter((one) => one.description === description)).toHaveLength(1);

    // Opening the phone again sends nothing more.
    await page.reload();
    await page.getByLabel('事项', { exact: true }).waitFor();
    await page.waitForTimeout(1000);
    expect((await eventsOfMyGrid()).filter((one) => one.description === description)).toHaveLength(1);
    await context.close();
  });

  it('lists my grid’s open events and verifies a handled one on site with a photo', async () => {
    const officer = apiClient(demo.url, 'demo-department-officer');
    const department = (await officer.get('/api/v1/me')).department.code;
    const reported = await worker.post(
      '/api/v1/events',
      {
        catalogueItemCode: '01001',
        description: '井盖缺失，已设置临时围挡',
        location: { lng: insideGrid.longitude, lat: insideGrid.latitude },
      },
      { 'idempotency-key': randomUUID() },
    );
    const command = (who: ReturnType<typeof apiClient>, name: string, body: object) =>
      who.post(`/api/v1/events/${reported.id}/${name}`, body);
    await command(worker, 'escalate', { reason: '需要社区协调' });
    await command(apiClient(demo.url, 'demo-community-staff'), 'escalate', { reason: '需要街道协调' });
    await command(apiClient(demo.url, 'demo-street-head'), 'whistle', {
      lead: department,
      reason: '请区城管委处置',
    });
    await command(officer, 'accept', {});
    await command(officer, 'handle', { text: '已补装新井盖', attachmentIds: [] });

    const { context, page } = await openField();
    await page.getByRole('tab', { name: '事件' }).click();
    await page.waitForURL(/\/field\/events$/);
    const card = page.getByRole('link').filter({ hasText: reported.trackingCode });
    await card.waitFor();
    expect(await card.textContent()).toContain('待核查');
    await screenshot(page, 'field-events-phone');

    await card.click();
    await page.waitForURL(new RegExp(`/field/events/${reported.id}$`));
    await page.getByText('已补装新井盖').waitFor();
    await screenshot(page, 'field-event-phone');
    await page.getByRole('button', { name: '核查' }).click();
    const sheet = page.getByRole('dialog', { name: '核查' });
    await sheet.getByRole('radio', { name: '已解决，核查通过' }).click();
    await sheet.getByLabel('核查情况').fill('现场复核：井盖已补装牢固');
    await sheet
      .getByLabel(/^现场照片/)
      .setInputFiles({ name: 'check.png', mimeType: 'image/png', buffer: streetPhotoPng() });
    await sheet.getByRole('button', { name: '提交' }).click();
    await page.getByText('现场复核：井盖已补装牢固').waitFor();
    // The photo taken on site is shown with the event.
    await page
      .getByRole('img', { name: /^照片：/ })
      .first()
      .waitFor();
    const after = await worker.get(`/api/v1/events/${reported.id}`);
    expect(after.state).toBe('verified');
    await context.close();
  }, 120_000);

  it('records the patrol while the field screens are open and shows today’s track, on another phone too', async () => {
    const { context, page } = await openField();
    await page.getByRole('tab', { name: '巡查' }).click();
    await page.getByText('正在记录巡查轨迹', { exact: false }).waitFor();
    const me = (await worker.get('/api/v1/me')).id;
    // Grid workers may not read tracks; their grid leader may.
    const leader = apiClient(demo.url, 'demo-grid-leader');
    const myPoints = async () =>
      (
        (await leader.get(`/api/v1/patrols?area=${gridCode}`)).tracks as {
          user: { id: number };
          points: unknown[];
        }[]
      )
        .filter((track) => track.user.id === me)
        .flatMap((track) => track.points).length;
    await expect.poll(myPoints, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);

    // Fifty metres north: far enough for a new point.
    await context.setGeolocation({
      latitude: insideGrid.latitude + 0.00045,
      longitude: insideGrid.longitude,
    });
    await expect.poll(myPoints, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await page.getByText(/^\s*[1-9]\d* 米\s*$/).waitFor();
    await screenshot(page, 'field-patrol-phone');
    await context.close();

    // Another phone, back at the start, has one point of its own: the walk it shows comes from the server.
    const other = await openField();
    await other.page.getByRole('tab', { name: '巡查' }).click();
    await other.page.getByText(/^\s*[1-9]\d* 米\s*$/).waitFor();
    await other.context.close();
  });
});
