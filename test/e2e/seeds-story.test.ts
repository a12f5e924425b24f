import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { apiClient, composeReport, middleOfArea, streetPhotoPng } from '../support/demo-api.ts';

/**
 * The seeds' story, through the screens only: a grid worker reports from the phone, the case climbs to the
 * street, the street head whistles the district department in, the department accepts and reports back, the
 * grid worker verifies and rates on site, and the street dispatcher closes it. Each person uses their own
 * browser, as they would.
 */
let demo: DemoApp;
let browser: Browser;
let worker: ReturnType<typeof apiClient>;
let gridCode: string;
let gridName: string;
let insideGrid: { latitude: number; longitude: number };
const opened: BrowserContext[] = [];

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
  worker = apiClient(demo.url, 'demo-grid-worker');
  const me = await worker.get('/api/v1/me');
  gridCode = me.area.code;
  gridName = me.area.name;
  insideGrid = await middleOfArea(worker, gridCode);
});

afterAll(async () => {
  for (const context of opened) await context.close().catch(() => {});
  await browser?.close();
  await demo?.stop();
});

async function personAt(size: typeof PHONE | typeof DESKTOP, username: string): Promise<Page> {
  const context = await openContext(browser, size, size === PHONE ? { position: insideGrid } : {});
  opened.push(context);
  const page = await context.newPage();
  await signInAs(page, demo.url, username);
  return page;
}

/** Gives one command from the desktop event page, through its dialog, and waits for the new state. */
async function commandOnDesk(
  page: Page,
  command: string,
  fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  await page
    .getByRole('group', { name: '可执行的操作' })
    .getByRole('button', { name: command, exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: command });
  await fill(dialog);
  await dialog.getByRole('button', { name: '提交' }).click();
  await page.getByText(`“${command}”已完成`).waitFor();
}

/** Gives one command from the phone's event page, through its bottom sheet. */
async function commandOnPhone(
  page: Page,
  command: string,
  fill: (sheet: ReturnType<Page['getByRole']>) => Promise<void>,
) {
  await page.getByRole('button', { name: command, exact: true }).click();
  const sheet = page.getByRole('dialog', { name: command });
  await fill(sheet).catch(async (e) => {
    await screenshot(page, 'story-debug');
    console.log(
      await page.locator('[role=dialog]').evaluateAll((els) => els.map((el) => el.outerHTML.slice(0, 3000))),
    );
    throw e;
  });
  await sheet.getByRole('button', { name: '提交' }).click();
  await sheet.waitFor({ state: 'hidden' });
}

async function stateOf(id: string): Promise<string> {
  return (await worker.get(`/api/v1/events/${id}`)).state;
}

describe('the seeds’ story, from a phone to the close, in real browsers', () => {
  it('a grid worker’s report is whistled, handled, verified, rated and closed, and sits in its grid on the map', {
    timeout: 300_000,
  }, async () => {
    // 1. The grid worker reports from the phone, with a photo and the GPS position.
    const phone = await personAt(PHONE, 'demo-grid-worker');
    await composeReport(
      phone,
      { search: '电视井盖', pick: /电视井盖/ },
      '电视井盖缺失，夜间有行人踩空的危险',
    );
    await phone.getByRole('status').filter({ hasText: 'GPS 定位' }).waitFor();
    await phone.getByRole('button', { name: '提交上报' }).click();
    await phone.getByText('上报成功').waitFor();
    const trackingCode = (await phone.getByRole('status').locator('output').textContent())?.trim() ?? '';
    const [filed] = (await worker.get(`/api/v1/events?trackingCode=${trackingCode}`)).items;
    const id: string = filed.id;
    expect(filed.areaPath.split('/')).toContain(gridCode);

    // The grid cannot fix a missing cover: the worker passes it up from the phone's event page.
    await phone.getByRole('tab', { name: '事件' }).click();
    await phone.getByRole('link').filter({ hasText: trackingCode }).click();
    await phone.waitForURL(new RegExp(`/field/events/${id}$`));
    await commandOnPhone(phone, '上报上级', (sheet) =>
      sheet.getByLabel('原因').fill('井盖需权属单位更换，网格无法处置'),
    );
    expect((await worker.get(`/api/v1/events/${id}`)).level).toBe('community');

    // 2. The community passes it to the street; the street head whistles, the catalogue's unit pre-filled.
    const community = await personAt(DESKTOP, 'demo-community-staff');
    await community.goto(`${demo.url}/events/${id}`);
    await commandOnDesk(community, '上报上级', (dialog) =>
      dialog.getByLabel('理由').fill('需街道吹哨协调区级部门'),
    );

    const head = await personAt(DESKTOP, 'demo-street-head');
    await head.goto(`${demo.url}/events/${id}`);
    const responsible = (await worker.get(`/api/v1/events/${id}`)).suggestedUnits?.responsible;
    await commandOnDesk(head, '吹哨', async (dialog) => {
      await dialog.getByText(responsible.name).first().waitFor();
      await dialog.getByLabel('理由').fill('井盖缺失涉及行人安全，请区级部门立即处置');
    });
    expect(await stateOf(id)).toBe('dispatched');
    expect((await worker.get(`/api/v1/events/${id}`)).whistle).toBe('first');

    // The street's map shows the case as a marker inside the worker's grid, and the grid as having work.
    const dispatcher = await personAt(DESKTOP, 'demo-street-dispatcher');
    await dispatcher.goto(`${demo.url}/command`);
    const grid = dispatcher.getByRole('img', { name: new RegExp(`^${gridName}：在办 [1-9]`) });
    const marker = dispatcher.getByRole('img', { name: new RegExp(trackingCode) });
    await grid.waitFor();
    await marker.waitFor();
    const gridBox = await grid.boundingBox();
    const markerBox = await marker.boundingBox();
    if (!gridBox || !markerBox) throw new Error('the grid or the marker is not drawn');
    const centre = { x: markerBox.x + markerBox.width / 2, y: markerBox.y + markerBox.height / 2 };
    expect(centre.x).toBeGreaterThan(gridBox.x);
    expect(centre.x).toBeLessThan(gridBox.x + gridBox.width);
    expect(centre.y).toBeGreaterThan(gridBox.y);
    expect(centre.y).toBeLessThan(gridBox.y + gridBox.height);

    // 3. The department accepts from its to-do list and reports back with a photo.
    const officer = await personAt(DESKTOP, 'demo-department-officer');
    const row = officer.getByRole('row').filter({ hasText: trackingCode });
    await row.getByRole('button', { name: '接单' }).click();
    await row.getByRole('button', { name: '处置反馈' }).waitFor();
    expect(await stateOf(id)).toBe('accepted');
    await row.getByRole('button', { name: '处置反馈' }).click();
    const handle = officer.getByRole('dialog', { name: /处置反馈/ });
    await handle.getByLabel('处置情况').fill('已更换新井盖并加装防坠网');
    await handle
      .getByLabel('现场照片')
      .setInputFiles({ name: 'cover.png', mimeType: 'image/png', buffer: streetPhotoPng() });
    await handle.getByText('cover.png').waitFor();
    await handle.getByRole('button', { name: '提交' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await stateOf(id)).toBe('handled');

    // 4. The grid worker verifies on site and rates, on the phone; the page follows the case live.
    await phone.getByText('已更换新井盖并加装防坠网').waitFor({ timeout: 15_000 });
    await commandOnPhone(phone, '核查', async (sheet) => {
      await sheet.getByRole('radio', { name: '已解决，核查通过' }).click();
      await sheet.getByLabel('核查情况').fill('现场复核：新井盖安装牢固');
    });
    // The page shows the new step before the next command is given.
    await phone.getByText('现场复核：新井盖安装牢固').waitFor();
    expect(await stateOf(id)).toBe('verified');
    await commandOnPhone(phone, '评价', (sheet) =>
      sheet.getByRole('radio', { name: '满意', exact: true }).click(),
    );
    expect(await stateOf(id)).toBe('rated');

    // 5. The street dispatcher closes the case.
    await dispatcher.goto(`${demo.url}/events/${id}`);
    await commandOnDesk(dispatcher, '结案', (dialog) =>
      dialog.getByLabel('结案意见').fill('井盖已更换，网格员核查满意'),
    );
    await dispatcher.locator('.head').getByText('已结案').waitFor();
    // The page shows the report's photo and the department's evidence, each named by its step.
    await dispatcher.getByRole('img', { name: /^上报时的照片/ }).waitFor();
    await dispatcher.getByRole('img', { name: /^处置反馈时的照片/ }).waitFor();
    await screenshot(dispatcher, 'story-closed-desktop');

    const closed = await worker.get(`/api/v1/events/${id}`);
    expect(closed).toMatchObject({ state: 'closed', whistle: 'first', rating: 'satisfied' });
    expect(closed.timeline.map((entry: { type: string }) => entry.type)).toEqual(
      expect.arrayContaining([
        'reported',
        'escalated',
        'whistled',
        'accepted',
        'handled',
        'verified',
        'rated',
        'closed',
      ]),
    );
    const facts = closed.timeline
      .map((entry: { type: string }) => entry.type)
      .filter((type: string) => !type.startsWith('deadline'));
    expect(facts).toEqual([
      'reported',
      'escalated',
      'escalated',
      'whistled',
      'accepted',
      'handled',
      'verified',
      'rated',
      'closed',
    ]);
  });
});
