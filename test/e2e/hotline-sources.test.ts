import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOTLINE_SOURCE } from '../../src/commands/load-demo-district.ts';
import { signWebhook } from '../../src/integrations/channels/webhook.ts';
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
/** The event the demo source's order became. */
let demoEventId = '';

/** Pushes a work order to a source's path, signed with its token and secret; answers the HTTP status. */
async function push(code: string, token: string, secret: string, orderNo: string): Promise<number> {
  return (await pushForAnswer(code, token, secret, orderNo)).status;
}

async function pushForAnswer(code: string, token: string, secret: string, orderNo: string) {
  const body = JSON.stringify({
    orderNo,
    requestType: '投诉',
    urgency: '一般',
    content: '小区门口占道经营',
    callerName: '张三',
    callerPhone: '13812345678',
    areaCode: gridCode,
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const response = await fetch(`${demo.url}/hotline/v1/sources/${code}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-hotline-timestamp': timestamp,
      'x-hotline-signature': signWebhook(secret, timestamp, body),
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as { eventId?: string } };
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

describe('the administrators’ 12345 sources screen', () => {
  it('the demo source’s token and secret printed in the README file an order', async () => {
    const { code, token, signingSecret } = DEMO_HOTLINE_SOURCE;
    const filed = await pushForAnswer(code, token, signingSecret, 'DEMO-0001');
    expect(filed.status).toBe(201);
    demoEventId = filed.body.eventId ?? '';
    expect(await push(code, token, 'wrong-secret', 'DEMO-0002')).toBe(403);
  });

  it('creates a source whose credentials are shown once, edits it, imports after a dry run, and revokes it', async () => {
    await page.goto(`${demo.url}/admin/hotline`);
    await page.getByRole('heading', { name: '12345 热线来源', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: '演示 12345 热线' }).waitFor();
    await page.getByRole('button', { name: '新建来源' }).click();
    const dialog = page.getByRole('dialog', { name: '新建来源' });
    await dialog.getByLabel('来源代码').fill('e2e-12345');
    await dialog.getByLabel('名称').fill('测试热线');
    await dialog.getByRole('button', { name: '新建来源' }).click();
    const shown = page.getByRole('dialog', { name: '“测试热线”的凭据' });
    const token = await shown.getByLabel('令牌（Bearer）').inputValue();
    const secret = await shown.getByLabel('签名密钥').inputValue();
    expect(token).toMatch(/^hl_/);
    await screenshot(page, 'admin-hotline-credentials-desktop');
    await shown.getByRole('button', { name: '确定' }).click();
    expect(await push('e2e-12345', token, secret, 'E2E-1')).toBe(201);

    const row = page.getByRole('row').filter({ hasText: '测试热线' });
    await row.getByRole('button', { name: /编辑/ }).click();
    const editing = page.getByRole('dialog', { name: '编辑“测试热线”' });
    await editing.getByLabel('回调地址').fill('https://hotline.example.org/callbacks');
    await editing.getByLabel('紧急 派单（签收）时限').fill('2');
    await editing.getByRole('button', { name: '保存' }).click();
    await row.getByText('https://hotline.example.org/callbacks').waitFor();
    const sources = await apiClient(demo.url, 'demo-admin').get('/api/v1/hotline/sources');
    const saved = sources.items.find((one: { code: string }) => one.code === 'e2e-12345');
    expect(saved.urgencyLimits.emergency.dispatch).toEqual({ unit: 'hours', amount: 2 });

    await row.getByRole('button', { name: /导入工单/ }).click();
    const importing = page.getByRole('dialog', { name: '向“测试热线”导入历史工单' });
    await importing
      .getByLabel('内容')
      .fill(
        [
          'orderNo,requestType,urgency,content,areaCode',
          `E2E-1,投诉,一般,小区门口占道经营（补充）,${gridCode}`,
          `E2E-2,求助,紧急,路面塌陷,${gridCode}`,
          'E2E-3,求助,紧急,,',
        ].join('\n'),
      );
    const importButton = importing.getByRole('button', { name: '正式导入' });
    expect(await importButton.isDisabled()).toBe(true);
    await importing.getByRole('button', { name: '试导入（不写入）' }).click();
    await importing.getByText('新建 1，更新 1，未变 0，拒绝 1').waitFor();
    await importing.getByText('缺少 content').waitFor();
    await screenshot(page, 'admin-hotline-import-desktop');
    await importButton.click();
    await importing.getByText('导入完成').first().waitFor();
    const again = await apiClient(demo.url, 'demo-admin').post(
      `/api/v1/hotline/sources/${saved.id}/imports`,
      {
        format: 'csv',
        content: `orderNo,requestType,urgency,content,areaCode\nE2E-2,求助,紧急,路面塌陷,${gridCode}`,
      },
    );
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 1, refused: 0 });
    await importing.getByRole('button', { name: '取消' }).click();

    await row.getByRole('button', { name: /吊销/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: '吊销' }).click();
    await row.getByText(/已于 .* 吊销/).waitFor();
    expect(await push('e2e-12345', token, secret, 'E2E-4')).toBe(403);
    await screenshot(page, 'admin-hotline-desktop');
  });

  it('the dashboard shows each source’s three rates over its period', async () => {
    const context = await openContext(browser, DESKTOP);
    const leader = await context.newPage();
    await signInAs(leader, demo.url, 'demo-leader');
    await leader.goto(`${demo.url}/command/dashboard`);
    await leader.getByRole('heading', { name: '12345 热线三率' }).waitFor();
    const row = leader.getByRole('row').filter({ hasText: '演示 12345 热线' });
    await row.waitFor();
    // The demo source's one order of this month, not yet taken by a unit: nothing responded yet.
    await row.getByText('0.0%').first().waitFor();
    await row.getByText('(0/1)').waitFor();
    await screenshot(leader, 'command-dashboard-hotline-rates-desktop');
    await context.close();
  });

  it('a hotline case’s page shows its order, the caller whole to a dispatcher and masked to a leader', async () => {
    for (const [who, caller] of [
      ['demo-district-dispatcher', '张三 13812345678'],
      ['demo-leader', '张* 138****5678'],
    ] as const) {
      const context = await openContext(browser, DESKTOP);
      const reader = await context.newPage();
      await signInAs(reader, demo.url, who);
      await reader.goto(`${demo.url}/events/${demoEventId}`);
      await reader.getByRole('heading', { name: '12345 工单' }).waitFor();
      await reader.locator('code', { hasText: 'DEMO-0001' }).waitFor();
      await reader.getByText(caller).waitFor();
      if (who === 'demo-leader') await screenshot(reader, 'event-hotline-order-masked-desktop');
      await context.close();
    }
  });
});
