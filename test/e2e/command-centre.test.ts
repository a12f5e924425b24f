import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import common from '../../web/src/i18n/common.ts';
import {
  DESKTOP,
  type DemoApp,
  launchChromium,
  openContext,
  screenshot,
  signInAs,
  startDemoApp,
} from '../support/browser.ts';
import { type ApiClient, apiClient, streetPhotoPng } from '../support/demo-api.ts';

const WORDS = common['zh-CN'];

interface GridFeature {
  properties: { code: string; name: string; level: string };
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** The middle of a grid's bounding box: inside it for the demo district's rectangular grids. */
function middleOf(grid: GridFeature): { lng: number; lat: number } {
  const ring =
    grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0] : grid.geometry.coordinates[0]?.[0];
  const lngs = (ring ?? []).map((point) => point[0] as number);
  const lats = (ring ?? []).map((point) => point[1] as number);
  return {
    lng: (Math.min(...lngs) + Math.max(...lngs)) / 2,
    lat: (Math.min(...lats) + Math.max(...lats)) / 2,
  };
}

let demo: DemoApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dispatcher: ApiClient;
let grids: GridFeature[];
let reportCount = 0;

/** A 12345 call the street dispatcher enters: it waits at the street for triage. */
async function reportHotline(itemCode: string, description: string, gridIndex: number) {
  const grid = grids[gridIndex % grids.length] as GridFeature;
  const at = middleOf(grid);
  reportCount += 1;
  return dispatcher.post(
    '/api/v1/events',
    { catalogueItemCode: itemCode, description, source: 'hotline', location: at },
    { 'idempotency-key': `command-centre-e2e-${reportCount}-${Date.now()}` },
  );
}

/** A handful of cases in different states, so that the screens (and the README's pictures) show real work. */
async function seedDemoWork() {
  const head = apiClient(demo.url, 'demo-street-head');
  const officer = apiClient(demo.url, 'demo-department-officer');
  const reports: [string, string][] = [
    ['06007', '沿街晾晒衣物，影响市容'],
    ['06028', '夜间施工噪声扰民，居民多次投诉'],
    ['06001', '小区内私搭乱建彩钢房'],
    ['06029', '路口露天烧烤，油烟大'],
    ['01035', '旗杆倾斜，有倒伏风险'],
    ['06009', '空调室外机低挂，滴水到人行道'],
    ['06020', '绿地内焚烧树叶'],
    ['02025', '非机动车停放点车辆乱停'],
    ['06010', '小区门口暴露垃圾无人清运'],
    ['06012', '道路不洁，有大片油污'],
  ];
  const made = [];
  for (const [index, [code, text]] of reports.entries())
    made.push(await reportHotline(code, text, index * 7 + 3));
  for (const event of made.slice(0, 3)) {
    const page = await dispatcher.get(`/api/v1/events/${event.id}`);
    await dispatcher.post(`/api/v1/events/${event.id}/dispatch`, {
      lead: page.suggestedUnits.responsible?.code,
      assisting: [],
    });
  }
  // The street head calls the district's urban management commission (the demo department) to two cases.
  for (const event of made.slice(8, 10)) {
    await head.post(`/api/v1/events/${event.id}/whistle`, {
      lead: 'D002',
      assisting: [],
      reason: '涉及市容环卫，需区城管委牵头处置',
    });
    await officer.post(`/api/v1/events/${event.id}/accept`, {});
  }
  const handled = made[9] as { id: string };
  await officer.post(`/api/v1/events/${handled.id}/handle`, {
    text: '已组织环卫作业队清洗路面油污',
    attachmentIds: [await officer.upload(streetPhotoPng())],
  });
  return { handled: handled.id, dispatched: made[0] as { id: string; trackingCode: string } };
}

let seeded: Awaited<ReturnType<typeof seedDemoWork>>;

/** Opens a select from the keyboard, as its label names it, and picks one option. */
async function pick(select: string, option: string) {
  await page.getByRole('combobox', { name: select }).focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Shows or hides a layer of the live map by its label, as a person clicks it. */
async function toggleLayer(name: string, shown: boolean) {
  const box = page.getByRole('checkbox', { name });
  if ((await box.isChecked()) !== shown) await page.locator('label').filter({ hasText: name }).click();
  await expect.poll(() => box.isChecked()).toBe(shown);
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
  dispatcher = apiClient(demo.url, 'demo-street-dispatcher');
  const boundaries = await dispatcher.get('/api/v1/areas/export');
  grids = boundaries.features.filter((feature: GridFeature) => feature.properties.level === 'grid');
  seeded = await seedDemoWork();
  // One signed-in page for every test: sign-in is rate limited, and a dispatcher keeps one tab open all day.
  context = await openContext(browser, DESKTOP);
  page = await context.newPage();
  await signInAs(page, demo.url, 'demo-street-dispatcher');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await demo?.stop();
});

describe('the command centre, as the street dispatcher at a desk', () => {
  it('the live map draws the grids and their load, and a new report appears on it without a reload', async () => {
    await page.goto(`${demo.url}/command`);
    const firstGrid = grids[0] as GridFeature;
    await page.getByRole('img', { name: new RegExp(`^${firstGrid.properties.name}：`) }).waitFor();
    await page.getByRole('img', { name: new RegExp(seeded.dispatched.trackingCode) }).waitFor();
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    const fresh = await reportHotline('06019', '楼道外墙非装饰性吊挂广告布', 40);
    await page.getByRole('img', { name: new RegExp(fresh.trackingCode) }).waitFor({ timeout: 15_000 });
    await page.getByRole('region', { name: '实时动态' }).getByText(fresh.trackingCode).waitFor();
    const sameDocument = await page.evaluate(
      () => (window as unknown as { sameDocument?: boolean }).sameDocument === true,
    );
    expect(sameDocument).toBe(true);
    await page.getByText('图例').waitFor();
    await screenshot(page, 'command-map-desktop');
  });

  it('draws the heat of the events, and a grid worker’s patrol track of a chosen day', async () => {
    const worker = apiClient(demo.url, 'demo-grid-worker');
    const me = await worker.get('/api/v1/me');
    const grid = grids.find((one) => one.properties.code === me.area.code) as GridFeature;
    const start = middleOf(grid);
    // Yesterday in the browser's calendar, walked at 10:00 China time, which is the same day there.
    await page.goto(`${demo.url}/command`);
    const yesterday = await page.evaluate(() => {
      const date = new Date(Date.now() - 86_400_000);
      return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    });
    const points = Array.from({ length: 6 }, (_, index) => ({
      at: new Date(Date.parse(`${yesterday}T02:00:00Z`) + index * 60_000).toISOString(),
      lng: start.lng + index * 0.0003,
      lat: start.lat,
    }));
    expect(await worker.post('/api/v1/patrols/points', { points })).toMatchObject({ accepted: 6 });

    await page.getByRole('img', { name: new RegExp(seeded.dispatched.trackingCode) }).waitFor();
    await toggleLayer('热力图', true);
    const heat = page.locator('canvas.leaflet-heatmap-layer');
    await heat.waitFor();
    const paintedPixels = () =>
      heat.evaluate((canvas: HTMLCanvasElement) => {
        const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
          0,
          0,
          canvas.width,
          canvas.height,
        );
        let painted = 0;
        for (let index = 3; index < data.length; index += 4) if ((data[index] as number) > 0) painted += 1;
        return painted;
      });
    await expect.poll(paintedPixels).toBeGreaterThan(100);

    await toggleLayer('巡查轨迹', true);
    await page.getByRole('status').getByText('当天没有巡查轨迹').waitFor();
    const day = page.getByRole('textbox', { name: '轨迹日期' }).or(page.getByLabel('轨迹日期')).first();
    await day.fill(yesterday);
    await day.press('Enter');
    await page.keyboard.press('Escape');
    const track = page.getByRole('img', {
      name: new RegExp(`^${me.displayName}的巡查轨迹：0\\.[1-9] 公里，6 个点`),
    });
    // A path straight east has no height, which Playwright counts as hidden: attached is what there is to see.
    await track.waitFor({ state: 'attached' });
    expect(await track.evaluate((path) => path.getAttribute('d')?.length ?? 0)).toBeGreaterThan(10);
    await screenshot(page, 'command-map-layers-desktop');
    await toggleLayer('巡查轨迹', false);
    await toggleLayer('热力图', false);
    await heat.waitFor({ state: 'detached' });
    await track.waitFor({ state: 'detached' });
  });

  it('the event list filters by state, and a saved view comes back after a reset', async () => {
    await page.goto(`${demo.url}/command/events`);
    const rows = page.locator('.el-table__body tr');
    await rows.first().waitFor();
    await pick('状态', WORDS.states.dispatched);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '搜索' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    for (const text of await rows.allTextContents()) expect(text).toContain(WORDS.states.dispatched);

    await page.getByRole('button', { name: '保存当前筛选' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('待接单的事件');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await expect
      .poll(async () => (await dispatcher.get('/api/v1/saved-views')).items)
      .toEqual([expect.objectContaining({ name: '待接单的事件', filter: { state: ['dispatched'] } })]);

    await page.getByRole('button', { name: '重置' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    await pick('常用视图', '待接单的事件');
    await expect.poll(() => rows.count()).toBe(3);

    await page.getByRole('button', { name: '删除视图' }).click();
    await expect.poll(async () => (await dispatcher.get('/api/v1/saved-views')).items.length).toBe(0);
    await page.getByRole('button', { name: '重置' }).click();
    await page.reload(); // a picture without the confirmation messages
    await rows.nth(3).waitFor();
    await screenshot(page, 'command-events-desktop');
  });

  it('the event page shows the timeline and only the permitted buttons; a dispatch moves the case on', async () => {
    const fresh = await reportHotline('06007', '阳台外晾晒被褥，遮挡路灯', 12);
    const before = await dispatcher.get(`/api/v1/events/${fresh.id}`);
    await page.goto(`${demo.url}/events/${fresh.id}`);
    await page.getByRole('list', { name: '办理过程' }).getByText('上报').waitFor();

    const actions = page.getByRole('group', { name: '可执行的操作' });
    const permitted = before.permittedCommands as (keyof typeof WORDS.commands)[];
    for (const command of Object.keys(WORDS.commands) as (keyof typeof WORDS.commands)[]) {
      const button = actions.getByRole('button', { name: WORDS.commands[command], exact: true });
      expect(await button.count(), command).toBe(permitted.includes(command) ? 1 : 0);
    }

    // The item as filed: where the standard names it and the limits its deadlines follow.
    expect(before.filedItem.standardRef).toContain('GB/T 47678');
    await page.getByText(before.filedItem.standardRef).waitFor();

    await actions.getByRole('button', { name: WORDS.commands.dispatch, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: WORDS.commands.dispatch });
    const suggested = before.suggestedUnits.responsible?.name ?? '';
    expect(suggested).not.toBe('');
    await dialog.getByText(suggested).first().waitFor();
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText(`“${WORDS.commands.dispatch}”已完成`).waitFor();
    await page.locator('.head').getByText(WORDS.states.dispatched).waitFor();
    const after = await dispatcher.get(`/api/v1/events/${fresh.id}`);
    expect(after.state).toBe('dispatched');
    await page.getByRole('list', { name: '办理过程' }).getByText('派遣').waitFor();

    await page.goto(`${demo.url}/events/${seeded.handled}`);
    await page.getByRole('list', { name: '办理过程' }).getByText('处置反馈').waitFor();
    await page.getByRole('button', { name: /处置反馈时的照片/ }).click();
    await page
      .getByRole('dialog', { name: /处置反馈时的照片/ })
      .getByRole('img', { name: /处置反馈时的照片/ })
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: /处置反馈时的照片/ }).waitFor({ state: 'hidden' });
    await screenshot(page, 'command-event-desktop');
  });

  it('the dashboard draws its charts and the department ranking', async () => {
    await page.goto(`${demo.url}/command/dashboard`);
    await page
      .getByRole('img', { name: /趋势折线图/ })
      .locator('canvas')
      .waitFor();
    await page
      .getByRole('img', { name: /柱状图/ })
      .locator('canvas')
      .waitFor();
    await page.getByRole('table', { name: '部门排名' }).or(page.getByText('部门排名')).first().waitFor();
    const intake = page.getByRole('list', { name: '核心指标' }).getByRole('listitem').first();
    await expect
      .poll(async () => Number((await intake.locator('.value').textContent()) ?? 0))
      .toBeGreaterThanOrEqual(10);
    await page.waitForTimeout(800); // the charts' entry animation
    await screenshot(page, 'command-dashboard-desktop');
  });
});
