import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOURLY_ITEM, runCommand } from '../../../../test/support/events.ts';
import {
  createPerson,
  seedSmallDistrict,
  smallDistrict,
  TEST_PASSWORD,
} from '../../../../test/support/factories.ts';
import {
  signedInClients,
  startTestServer,
  TestClient,
  type TestServer,
} from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { reportEvent } from '../../../commands/events/report-event.ts';
import { saveCatalogueItem } from '../../../db/repositories/catalogue.ts';
import { buildAreaLocator } from '../../../domain/area-locator.ts';
import type { Unit } from '../../../domain/events.ts';
import type { EventCommand } from '../../../domain/lifecycle.ts';
import type { Actor } from '../../../domain/permissions.ts';
import type { Role } from '../../../domain/roles.ts';

let store: TestStore;
let server: TestServer;
let baseUrl: string;

const NOW = new Date('2026-11-20T04:00:00.000Z');
const T0 = new Date('2026-11-03T01:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const LAW: Unit = { kind: 'street_office', code: 'S1-LAW', areaPath: 'D/S1' };
const URBAN: Unit = { kind: 'district_department', code: 'URBAN', areaPath: 'D' };
/** A street name and a description that a careless export or page would break on. */
const TRICKY_STREET = '<script>alert(1)</script> 一街, "东"';
const TRICKY_DESCRIPTION = '路灯, "不亮"\n第二行';
const FORMULA_DESCRIPTION = '=HYPERLINK("http://evil.example")';

const actors = new Map<string, Actor>();
const as = signedInClients(() => baseUrl, TEST_PASSWORD);

function pathOf(code: string): string {
  const area = smallDistrict.find((node) => node.code === code)!;
  return area.parentCode === null ? code : `${pathOf(area.parentCode)}/${code}`;
}

async function person(username: string, role: Role, place: { areaCode?: string; departmentCode?: string }) {
  const userId = await createPerson(store.db, username, role, place);
  const areaPath = place.areaCode ? pathOf(place.areaCode) : null;
  actors.set(username, { userId, roles: [role], areaPath, departmentCode: place.departmentCode ?? null });
}

async function report(username: string, minutes: number, areaCode: string, description: string) {
  const outcome = await reportEvent(
    store.db,
    buildAreaLocator(smallDistrict),
    actors.get(username)!,
    {
      idempotencyKey: randomUUID(),
      requestHash: 'h',
      source: 'hotline',
      catalogueItemCode: HOURLY_ITEM.code,
      description,
      location: null,
      areaCode,
      address: null,
      attachmentIds: [],
    },
    at(minutes),
  );
  if (!outcome.ok) throw new Error(JSON.stringify(outcome));
  return outcome.eventId;
}

async function run(
  username: string,
  id: string,
  minutes: number,
  command: Exclude<EventCommand, { type: 'report' }>,
) {
  const outcome = await runCommand(store.db, id, command, actors.get(username)!, at(minutes));
  if (!outcome.ok) throw new Error(`${command.type}: ${JSON.stringify(outcome)}`);
}

async function startServer(): Promise<void> {
  server = await startTestServer(store, {}, () => new Date(NOW.getTime()));
  baseUrl = server.url;
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await saveCatalogueItem(store.db, HOURLY_ITEM, true);
  await store.db.updateTable('areas').set({ name: TRICKY_STREET }).where('code', '=', 'S1').execute();
  await person('leader.d', 'leader', { areaCode: 'D' });
  await person('head.s1', 'street_head', { areaCode: 'S1' });
  await person('head.s2', 'street_head', { areaCode: 'S2' });
  await person('dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  await person('dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' });
  await person('officer.law', 'department_officer', { departmentCode: 'S1-LAW' });
  await person('officer.urban', 'department_officer', { departmentCode: 'URBAN' });
  await person('worker.g11', 'grid_worker', { areaCode: 'G11' });

  const e1 = await report('dispatcher.s1', 0, 'G11', TRICKY_DESCRIPTION);
  await run('dispatcher.s1', e1, 10, { type: 'dispatch', lead: LAW, assisting: [] });
  await run('officer.law', e1, 40, { type: 'accept' });
  await run('officer.law', e1, 100, { type: 'handle', text: '已修', attachmentIds: [] });
  await run('dispatcher.s1', e1, 120, { type: 'verify', passed: true, text: '好', attachmentIds: [] });
  await run('dispatcher.s1', e1, 130, { type: 'close', text: '结案' });
  const e2 = await report('dispatcher.s1', 1, 'G12', FORMULA_DESCRIPTION);
  await run('dispatcher.s1', e2, 11, { type: 'dispatch', lead: LAW, assisting: [] });
  await report('dispatcher.s2', 2, 'G21', '二街的事');
  const e4 = await report('head.s1', 3, 'G11', '要区里来');
  await run('head.s1', e4, 4, { type: 'whistle', lead: URBAN, assisting: [], reason: '区城管委' });
  await run('officer.urban', e4, 30, { type: 'accept' });
  await startServer();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await store?.close();
});

function codes(rows: { code: string }[]): string[] {
  return rows.map((row) => row.code);
}

describe('GET /api/v1/indicators', () => {
  it('gives a district role every street of its district, this month by default', async () => {
    const answer = await (await as('leader.d')).get('/api/v1/indicators?by=street');
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.period).toEqual({
      kind: 'month',
      from: '2026-11-01',
      to: '2026-12-01',
      label: '2026-11',
    });
    expect(answer.body.basis).toBe('reports');
    expect(codes(answer.body.rows)).toEqual(['S1', 'S2']);
    const s1 = answer.body.rows[0];
    expect(s1.name).toBe(TRICKY_STREET);
    expect(s1.counters).toMatchObject({ reported: 3, closed: 1, closedOnTime: 1, assigned: 3, whistles: 1 });
    expect(s1.indicators).toMatchObject({ intake: 3, closed: 1, onTimeRate: 1, whistles: 1 });
    expect(s1.indicators.closedRate).toBeCloseTo(1 / 3, 10);
    expect(answer.body.total.indicators.intake).toBe(4);
  });

  it('keeps a street head to their street', async () => {
    const own = await (await as('head.s2')).get(
      '/api/v1/indicators?period=month&anchor=2026-11-15&by=street',
    );
    expect(codes(own.body.rows)).toEqual(['S2']);
    expect(own.body.total.indicators.intake).toBe(1);
    const departments = await (await as('head.s2')).get('/api/v1/indicators?anchor=2026-11-15&by=department');
    // S2's own office is listed; S1's office and the cases of S1 are not.
    expect(codes(departments.body.rows)).toEqual(['S2-LAW']);
    const classes = await (await as('head.s1')).get('/api/v1/indicators?anchor=2026-11-15&by=class');
    expect(classes.body.total.indicators.intake).toBe(3);
  });

  it('keeps a department to its own rows, measured by the cases handed to it', async () => {
    const answer = await (await as('officer.urban')).get('/api/v1/indicators?anchor=2026-11-15&by=street');
    expect(answer.body.basis).toBe('assignments');
    expect(
      answer.body.rows.map((row: { code: string; indicators: { intake: number } }) => [
        row.code,
        row.indicators.intake,
      ]),
    ).toEqual([['S1', 1]]);
  });

  it('breaks down by day, in China time', async () => {
    const answer = await (await as('leader.d')).get(
      '/api/v1/indicators?period=week&anchor=2026-11-05&by=day',
    );
    expect(answer.body.period.label).toBe('2026-W45');
    expect(codes(answer.body.rows)).toEqual(['2026-11-03']);
  });

  it('refuses roles that read no figures, strangers and days that do not exist', async () => {
    expect((await (await as('worker.g11')).get('/api/v1/indicators')).status).toBe(403);
    expect((await new TestClient(baseUrl).get('/api/v1/indicators')).status).toBe(401);
    const badDay = await (await as('leader.d')).get('/api/v1/indicators?anchor=2026-02-30');
    expect(badDay.status).toBe(400);
    expect((await (await as('leader.d')).get('/api/v1/indicators?by=grid')).status).toBe(400);
  });
});

describe('GET /api/v1/rankings', () => {
  it('ranks departments best first, those with nothing to measure last', async () => {
    const answer = await (await as('leader.d')).get(
      '/api/v1/rankings?period=month&anchor=2026-11-01&of=departments&by=closedRate',
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(
      answer.body.rows.map((row: { code: string; rank: number | null; value: number | null }) => [
        row.code,
        row.rank,
        row.value,
      ]),
    ).toEqual([
      ['S1-LAW', 1, 0.5],
      ['URBAN', 2, 0],
      ['S2-LAW', null, null],
      ['WATER', null, null],
    ]);
  });

  it('ranks streets, shortest times first', async () => {
    const byIntake = await (await as('leader.d')).get(
      '/api/v1/rankings?anchor=2026-11-01&of=streets&by=intake',
    );
    expect(codes(byIntake.body.rows)).toEqual(['S1', 'S2']);
    const byTime = await (await as('leader.d')).get(
      '/api/v1/rankings?period=year&anchor=2026-11-01&of=departments&by=acceptMeanMinutes',
    );
    // URBAN accepted after 26 minutes, S1-LAW after 30.
    expect(codes(byTime.body.rows).slice(0, 2)).toEqual(['URBAN', 'S1-LAW']);
  });
});

function csvRows(text: string): string[][] {
  // A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

async function download(username: string, path: string): Promise<Response> {
  const client = await as(username);
  return fetch(`${baseUrl}${path}`, { headers: { cookie: client.cookie! } });
}

describe('exports', () => {
  it('writes an indicator table as CSV that Excel opens in Chinese, every field escaped', async () => {
    const response = await download(
      'leader.d',
      '/api/v1/indicators/export?anchor=2026-11-01&by=street&format=csv',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="indicators-street-2026-11.csv"',
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain('"<script>alert(1)</script> 一街, ""东"""');
    const rows = csvRows(text);
    expect(rows[0]!.slice(0, 5)).toEqual(['编码', '街道', '受理量', '上报量', '办结量']);
    expect(rows.map((row) => row[0])).toEqual(['编码', 'S1', 'S2', '']);
    const s1 = rows[1]!;
    expect(s1[1]).toBe(TRICKY_STREET);
    expect(s1[rows[0]!.indexOf('办结率')]).toBe('33.33%');
    expect(rows[3]![1]).toBe('合计');
  });

  it('writes the same table as XLSX, numbers as numbers', async () => {
    const response = await download(
      'leader.d',
      '/api/v1/indicators/export?anchor=2026-11-01&by=department&format=xlsx',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toContain('indicators-department-2026-11.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['编码', '部门', '类别', '受理量']);
    const rateColumn = header.indexOf('办结率') + 1;
    const law = sheet.getRow(2);
    expect(law.getCell(1).value).toBe('S1-LAW');
    expect(law.getCell(3).value).toBe('街道科室');
    expect(law.getCell(rateColumn).value).toBe(0.5);
    expect(law.getCell(rateColumn).numFmt).toBe('0.00%');
  });

  it('writes the event list in sight as CSV, formulas defused', async () => {
    const response = await download('head.s1', '/api/v1/events/export?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="events-2026-11-20.csv"');
    const text = (await response.text()).replace(/^\uFEFF/, '');
    const rows = csvRows(text);
    expect(rows[0]!.slice(0, 3)).toEqual(['跟踪码', '状态', '所在层级']);
    const descriptions = rows.slice(1).map((row) => row[6]);
    expect(descriptions).toEqual(['要区里来', `'${FORMULA_DESCRIPTION}`, TRICKY_DESCRIPTION]);
    expect(text).toContain('"路灯, ""不亮""\n第二行"');
    const other = csvRows((await (await download('head.s2', '/api/v1/events/export')).text()).slice(1));
    expect(other.slice(1).map((row) => row[6])).toEqual(['二街的事']);
  });

  it('applies the list’s filters to the export, and writes XLSX', async () => {
    const response = await download('leader.d', '/api/v1/events/export?format=xlsx&state=closed');
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(2).value).toBe('已结案');
    expect(sheet.getRow(2).getCell(7).value).toBe(TRICKY_DESCRIPTION);
    expect(sheet.getRow(2).getCell(11).value).toBe('2026-11-03 09:00:00');
    expect((await download('leader.d', '/api/v1/events/export?format=pdf')).status).toBe(400);
  });
});

describe('GET /api/v1/reports/monthly', () => {
  it('prints the month of a district with its numbers, every value escaped', async () => {
    const answer = await (await as('leader.d')).get('/api/v1/reports/monthly?district=D&month=2026-11');
    expect(answer.status, String(answer.body)).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = answer.body as string;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('district D 2026年11月 网格化治理运行月报');
    expect(html).toContain('@media print');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 一街, &quot;东&quot;');
    expect(html).not.toContain('<script>');
    // S1: intake 3, closed 1 (33.3 %); the district: intake 4, closed 1 (25.0 %).
    expect(html).toContain('<td>33.3%</td>');
    expect(html).toContain('<div class="value">25.0%</div>');
    expect(html).toContain('部门排名（按按期办结率）');
  });

  it('is for district roles of that district only', async () => {
    expect((await (await as('head.s1')).get('/api/v1/reports/monthly?district=D&month=2026-11')).status).toBe(
      404,
    );
    expect(
      (await (await as('leader.d')).get('/api/v1/reports/monthly?district=X9&month=2026-11')).status,
    ).toBe(404);
    expect(
      (await (await as('worker.g11')).get('/api/v1/reports/monthly?district=D&month=2026-11')).status,
    ).toBe(403);
    expect(
      (await (await as('leader.d')).get('/api/v1/reports/monthly?district=D&month=2026-13')).status,
    ).toBe(400);
  });
});
