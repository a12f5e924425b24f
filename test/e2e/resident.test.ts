import type { Browser } from 'playwright-core';
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
import { apiClient, composeReport, middleOfArea } from '../support/demo-api.ts';

let demo: DemoApp;
let browser: Browser;

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** A resident's report waits at the community: passed up to the street, whistled, handled, verified on site. */
async function handleAndVerify(eventId: string) {
  const worker = apiClient(demo.url, 'demo-grid-worker');
  const officer = apiClient(demo.url, 'demo-department-officer');
  const department = (await officer.get('/api/v1/me')).department.code;
  const command = (who: ReturnType<typeof apiClient>, name: string, body: object) =>
    who.post(`/api/v1/events/${eventId}/${name}`, body);
  await command(apiClient(demo.url, 'demo-community-staff'), 'escalate', { reason: '需要街道协调' });
  await command(apiClient(demo.url, 'demo-street-head'), 'whistle', {
    lead: department,
    reason: '请区城管委处置',
  });
  await command(officer, 'accept', {});
  await command(officer, 'handle', { text: '占道摊点已清理', attachmentIds: [] });
  await command(worker, 'verify', { passed: true, text: '现场已恢复通行', attachmentIds: [] });
}

describe('a resident’s phone', () => {
  it('signs up, reports with a photo and a point on the map, finds the report by its code, follows and rates it', async () => {
    const worker = apiClient(demo.url, 'demo-grid-worker');
    const grid = (await worker.get('/api/v1/me')).area.code;
    const context = await openContext(browser, PHONE, { position: await middleOfArea(worker, grid) });
    const page = await context.newPage();

    await page.goto(`${demo.url}/sign-in`);
    await page.getByRole('link', { name: '居民/企业注册' }).click();
    await page.waitForURL(/\/resident\/sign-up$/);
    const phone = `139${String(Date.now()).slice(-8)}`;
    await page.getByLabel('手机号').fill(phone);
    await page.getByLabel('姓名或企业名称').fill('王先生');
    await page.getByLabel('密码').fill('wang-secret-2026');
    await page.getByRole('button', { name: '注册并登录' }).click();
    await page.waitForURL(/\/resident$/);

    await composeReport(page, { search: '占道', pick: /占道/ }, '人行道被摊点占用，行人只能走机动车道');
    const map = page.getByRole('region', { name: '选点地图：点击地图放置问题位置' });
    await page.getByRole('status').filter({ hasText: 'GPS 定位' }).waitFor();
    const box = await map.boundingBox();
    if (!box) throw new Error('the map is not shown');
    await map.click({ position: { x: box.width / 2 + 24, y: box.height / 2 - 16 } });
    await page.getByRole('status').filter({ hasText: '地图点选' }).waitFor();
    await screenshot(page, 'resident-report-phone');

    await page.getByRole('button', { name: '提交上报' }).click();
    await page.getByText('上报成功').waitFor();
    const code = (await page.getByRole('status').locator('output').textContent())?.trim() ?? '';
    expect(code).toMatch(/^HY-/);

    await page.getByRole('tab', { name: '我的上报' }).click();
    await page.getByRole('link').filter({ hasText: code }).waitFor();

    await page.getByRole('tab', { name: '进度查询' }).click();
    await page.getByLabel('受理编号').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/\/resident\/reports\/[0-9a-f-]{36}$/);
    const eventId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByText(code).waitFor();
    await page.getByText('办理进度').first().waitFor();
    await screenshot(page, 'resident-progress-phone');

    await handleAndVerify(eventId);
    await page.getByText('事件已处理完毕，请您评价办理结果').waitFor();
    await page.getByRole('button', { name: '评价' }).click();
    const sheet = page.getByRole('dialog', { name: '评价' });
    await sheet.getByRole('radio', { name: '满意', exact: true }).click();
    await sheet.getByLabel('评价意见（选填）').fill('处理及时，谢谢');
    await sheet.getByRole('button', { name: '提交' }).click();
    await page.getByText('处理及时，谢谢').waitFor();
    await screenshot(page, 'resident-rated-phone');
    expect((await worker.get(`/api/v1/events/${eventId}`)).rating).toBe('satisfied');
    await context.close();
  });

  it('says so when no report of mine has the code', async () => {
    const context = await openContext(browser, PHONE);
    const page = await context.newPage();
    await signInAs(page, demo.url, 'demo-resident');
    await page.getByRole('tab', { name: '进度查询' }).click();
    await page.getByLabel('受理编号').fill('HY-000000-NOSUCH');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('alert').filter({ hasText: '没有找到该编号的上报' }).waitFor();
    await context.close();
  });
});
