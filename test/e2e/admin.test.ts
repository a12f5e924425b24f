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
import { type ApiClient, apiClient } from '../support/demo-api.ts';

let demo: DemoApp;
let browser: Browser;
let page: Page;
let admin: ApiClient;

/** Reads the API as the demo administrator, to check what the screens saved. */
function read(path: string) {
  admin ??= apiClient(demo.url, 'demo-admin');
  return admin.get(path);
}

async function open(path: string, heading: string) {
  await page.goto(`${demo.url}${path}`);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
}

beforeAll(async () => {
  [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
  const context = await openContext(browser, DESKTOP);
  page = await context.newPage();
  await signInAs(page, demo.url, 'demo-admin');
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe('the administrator’s screens', () => {
  it('/admin lists every administration screen in its menu', async () => {
    expect(new URL(page.url()).pathname).toBe('/admin');
    const menu = page.getByRole('navigation', { name: '管理功能' });
    for (const name of ['区域与网格', '事项清单', '部门与街道科室', '人员与角色', '工作日历', '考核规则'])
      await menu.getByRole('menuitem', { name }).waitFor();
  });

  it('edits a catalogue item’s handling limit and the table and the server keep it', async () => {
    await open('/admin/catalogue', '事项清单');
    await page.getByRole('textbox', { name: '搜索编码、名称或关键词' }).fill('供水井盖');
    const row = page.getByRole('row').filter({ hasText: '01001' });
    await row.waitFor();
    // The table's loading veil fades out (and a second may fade in and out): wait until none is left.
    await page.waitForFunction(() => document.querySelector('.el-loading-mask') === null);
    await screenshot(page, 'admin-catalogue-desktop');
    await row.getByRole('button', { name: /编辑/ }).click();
    const dialog = page.getByRole('dialog', { name: '编辑事项 01001' });
    const amount = dialog.getByLabel('处置时限数值');
    await amount.fill('0');
    await amount.blur();
    await dialog.getByText('时限须大于 0 且不超过 10000').waitFor();
    await amount.fill('6');
    await amount.blur();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('6 小时');
    const catalogue = await read('/api/v1/catalogue?q=01001');
    const item = catalogue.items.find((one: { code: string }) => one.code === '01001');
    expect(item.limits.handle).toEqual({ unit: 'hours', amount: 6 });
  });

  it('creates a person with a role, who can then sign in, and issues them an API token', async () => {
    await open('/admin/people', '人员与角色');
    await page.getByRole('button', { name: '新建人员' }).click();
    const dialog = page.getByRole('dialog', { name: '新建人员' });
    await dialog.getByLabel('用户名').fill('Wang Wei');
    await dialog.getByLabel('用户名').blur();
    await dialog.getByText(/用户名须为/).waitFor();
    await dialog.getByLabel('用户名').fill('wang.wei');
    await dialog.getByLabel('姓名').fill('王伟');
    await dialog.getByLabel('初始密码').fill('wang-wei-2026');
    await dialog.getByText('网格员', { exact: true }).click();
    await dialog.getByLabel('所属区域编码').fill('120106001001002');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: 'wang.wei' });
    await row.waitFor();
    expect(await row.textContent()).toContain('网格员');
    await screenshot(page, 'admin-people-desktop');

    await row.getByRole('button', { name: /API 令牌/ }).click();
    const tokenDialog = page.getByRole('dialog', { name: /创建 API 令牌/ });
    await tokenDialog.getByLabel('令牌名称').fill('12345 热线对接');
    await tokenDialog.getByRole('button', { name: '创建令牌' }).click();
    await tokenDialog.getByText('令牌只显示这一次').waitFor();
    expect(await tokenDialog.getByLabel('令牌密钥').inputValue()).not.toBe('');
    await tokenDialog.getByRole('button', { name: '确定' }).click();

    const context = await openContext(browser, DESKTOP);
    const newcomer = await context.newPage();
    await newcomer.goto(`${demo.url}/sign-in`);
    await newcomer.getByLabel('用户名').fill('wang.wei');
    await newcomer.getByLabel('密码').fill('wang-wei-2026');
    await newcomer.getByRole('button', { name: '登录' }).click();
    await newcomer.waitForURL(`${demo.url}/field`);
    await context.close();
  });

  it('gives a person one more role and then disables them, who can then no longer sign in', async () => {
    const row = page.getByRole('row').filter({ hasText: 'wang.wei' });
    await row.getByRole('button', { name: /编辑/ }).click();
    const dialog = page.getByRole('dialog', { name: '编辑人员 王伟' });
    await dialog.getByText('网格长', { exact: true }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('网格长');

    await row.getByRole('button', { name: /编辑/ }).click();
    const enabled = dialog.getByRole('switch', { name: '账号启用' });
    await enabled.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => enabled.getAttribute('aria-checked')).toBe('false');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.textContent()).toContain('停用');

    const refused = await fetch(`${demo.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'wang.wei', password: 'wang-wei-2026' }),
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
  });

  it('imports a valid GeoJSON file, and shows the server’s reason for refusing an invalid one', async () => {
    await open('/admin/areas', '区域与网格');
    await page.getByRole('treeitem', { name: /红桥区/ }).waitFor();
    await page.getByText('红桥区').click();
    await page.getByText('当前区域：红桥区（120106）').waitFor();
    await page.getByText('西于庄街道').click();
    await page.getByText('当前区域：西于庄街道（120106001）').waitFor();
    await page
      .getByRole('treeitem', { name: /银河北里社区/ })
      .first()
      .waitFor();
    // The button waits for the map: it is enabled once the boundaries are drawn.
    await page.locator('button:enabled', { hasText: '编辑边界' }).waitFor();
    await screenshot(page, 'admin-areas-desktop');

    const grid = await read('/api/v1/areas/export?root=120106001001001');
    const [feature] = grid.features;
    feature.properties.population = 1300;
    const valid = { type: 'FeatureCollection', features: [feature] };
    const input = page.getByLabel('选择 GeoJSON 文件');
    await input.setInputFiles({
      name: 'grid.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(valid)),
    });
    await page.getByText('已导入 1 个区域节点').waitFor();
    const area = await read('/api/v1/areas/120106001001001');
    expect(area.population).toBe(1300);

    const invalid = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'X1', name: '无上级网格', level: 'grid' },
          geometry: feature.geometry,
        },
      ],
    };
    await input.setInputFiles({
      name: 'bad.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(invalid)),
    });
    const refusal = page.getByRole('alert').filter({ hasText: '文件未导入' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('第 1 个要素');
  });

  it('redraws a grid’s boundary on the map and saves it', async () => {
    // The import refreshed the tree: it opens again from the district.
    const tree = page.getByRole('tree', { name: '区域树' });
    for (const name of ['红桥区', '西于庄街道', '银河北里社区', '银河北里社区第2网格'])
      await tree.getByText(name, { exact: true }).click();
    await page.getByText('当前区域：银河北里社区第2网格（120106001001002）').waitFor();
    const before = await read('/api/v1/areas/120106001001002');
    await page.locator('button:enabled', { hasText: '编辑边界' }).click();
    const corner = page.locator('.marker-icon:not(.marker-icon-middle)').first();
    await corner.waitFor();
    const box = await corner.boundingBox();
    if (!box) throw new Error('no vertex to drag');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x - 30, box.y - 30, { steps: 5 });
    await page.mouse.up();
    await page.getByRole('button', { name: '保存边界' }).click();
    await page.getByText('银河北里社区第2网格 的边界已保存').waitFor();
    const after = await read('/api/v1/areas/120106001001002');
    expect(after.bbox).not.toEqual(before.bbox);
  });

  it('marks a day of the shown month as a holiday', async () => {
    await open('/admin/calendar', '工作日历');
    const today = new Date();
    const month = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
    const day = `${month}-10`;
    await page.getByRole('button', { name: `修改 ${day}` }).click();
    const dialog = page.getByRole('dialog', { name: `设置 ${day}` });
    await dialog.getByText('休息', { exact: true }).click();
    await dialog.getByLabel('说明').fill('防汛调休');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('防汛调休').waitFor();
    const calendar = await read(`/api/v1/calendar?year=${today.getFullYear()}`);
    expect(calendar.days).toContainEqual({ day, kind: 'holiday', source: 'administrator', note: '防汛调休' });
    await screenshot(page, 'admin-calendar-desktop');
  });

  it('changes a score rule’s points and the streets’ weight', async () => {
    await open('/admin/scores', '考核规则');
    const points = page.getByLabel('环节超期的分值');
    await points.fill('-3');
    await points.blur();
    await page.getByRole('button', { name: '保存 环节超期' }).click();
    await page.getByText('已保存：环节超期').waitFor();
    await page.getByLabel('街道评价权重（下考上）').fill('0.6');
    await page.getByRole('button', { name: '保存', exact: true }).first().click();
    await page.getByText('街道评价权重已保存').waitFor();
    const scores = await read('/api/v1/scores/rules');
    expect(scores.rules.find((rule: { code: string }) => rule.code === 'step_overdue').points).toBe(-3);
    expect(scores.settings.streetEvaluationWeight).toBe(0.6);
    await screenshot(page, 'admin-scores-desktop');
  });
});
