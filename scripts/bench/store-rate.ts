/**
 * The store's own rate for the rows a report writes, run by the bench as a process of its own: its idempotency
 * key, its `events` row (with the catalogue item as the store holds it), its `event_log` row, its figures'
 * deltas at the three grains and its pending notice, one transaction per report, from `--clients` clients for
 * `--seconds`.
 * Bare on purpose: plain SQL through `pg` or PGlite, none of the app's code, so it measures the store and not us.
 * On PGlite the clients share its one connection (its `transaction` queues them), as the app's do.
 *
 * With `--head`, each transaction also updates one shared row as its last write, as every append once did when
 * the log's head row chained the whole log (before migration 0012): the ceiling one serialised row puts on the
 * store, beside the rate without it. The row is a table of the script's own, dropped at the end.
 * Prints `{ ratePerSecond, reports }` as JSON.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    store: { type: 'string' },
    location: { type: 'string' },
    clients: { type: 'string', default: '4' },
    'warm-up': { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    head: { type: 'boolean', default: false },
  },
});

/** One connection's way to run statements in a transaction. */
type Transact = (
  statements: (query: (text: string, params: unknown[]) => Promise<unknown[]>) => Promise<void>,
) => Promise<void>;

interface Connection {
  clients: Transact[];
  first(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function connect(): Promise<Connection> {
  const clients = Number(values.clients);
  if (values.store === 'embedded') {
    const db = await PGlite.create({ dataDir: values.location! });
    const transact: Transact = (statements) =>
      db.transaction(async (tx) => {
        await statements(async (text, params) => (await tx.query(text, params)).rows);
      });
    return {
      clients: Array.from({ length: clients }, () => transact),
      first: async (text) => (await db.query<Record<string, unknown>>(text)).rows,
      close: () => db.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: values.location!, max: clients });
  const held = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
  return {
    clients: held.map((client) => async (statements) => {
      await client.query('begin');
      try {
        await statements(async (text, params) => (await client.query(text, params)).rows);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    }),
    first: async (text) => (await held[0]!.query(text)).rows,
    async close() {
      for (const client of held) client.release();
      await pool.end();
    },
  };
}

const connection = await connect();
const grids = (await connection.first(
  "select code, path from areas where level = 'grid' order by code limit 200",
)) as { code: string; path: string }[];
const [reporter] = (await connection.first("select id from users where username = 'demo-grid-worker'")) as {
  id: number;
}[];
if (grids.length === 0 || !reporter) throw new Error('the store holds no demo district');
const reporterId = reporter.id;
if (values.head) {
  await connection.first('create table if not exists bench_head (position bigint not null)');
  await connection.first('insert into bench_head select 0 where not exists (select 1 from bench_head)');
}

const hex = () => randomBytes(32).toString('hex');
const [item] = (await connection.first(
  "select definition::text as definition from catalogue_items where code = '01037'",
)) as { definition: string }[];
if (!item) throw new Error('the store holds no catalogue item 01037');
const catalogueItem = item.definition;

/**
 * One report's rows in one statement (a `WITH` of inserts), as the app sends them: the baseline is the store's
 * rate for the rows, not for a round trip each.
 */
const REPORT_ROWS = `
  with key as (
    insert into idempotency_keys (user_id, key, request_hash, event_id) values ($7, $14, $8, $1)
  ), event as (
    insert into events (id, tracking_code, state, level, source, catalogue_item_code, catalogue_item, description,
      area_code, area_path, lng, lat, reporter_user_id, reported_at, last_seq, last_hash, snapshot, updated_at,
      deadline_step, deadline_started_at, warn_at, due_at)
    values ($1, $2, 'reported', 'grid', 'grid_worker', '01037', $3::jsonb, $4, $5, $6, 117.15, 39.16, $7, now(), 1,
      $8, $9::jsonb, now(), 'accept', now(), now() + interval '48 minutes', now() + interval '1 hour')
  ), entry as (
    insert into event_log (event_id, event_seq, fact_type, fact, actor_user_id, at, prev_event_hash, hash)
    values ($1, 1, 'reported', $10::jsonb, $7, $11, null, $8)
  ), deltas as (
    insert into rollup_deltas (grain, period_start, district_code, street_code, catalogue_class, source, reported)
    values ('day', current_date, 'D', $12, '01', 'grid_worker', 1),
      ('month', date_trunc('month', current_date)::date, 'D', $12, '01', 'grid_worker', 1),
      ('year', date_trunc('year', current_date)::date, 'D', $12, '01', 'grid_worker', 1)
  )
  insert into pending_notices (notice, created_at) values ($13::jsonb, now())`;

async function report(transact: Transact, clientIndex: number, n: number): Promise<void> {
  const id = randomUUID();
  const grid = grids[n % grids.length]!;
  const description = `路灯不亮 bare ${id}`;
  const at = new Date().toISOString();
  const location = { lng: 117.15, lat: 39.16 };
  const fact = { type: 'reported', description, location, areaCode: grid.code, catalogueItemCode: '01037' };
  const snapshot = {
    id,
    state: 'reported',
    level: 'grid',
    source: 'grid_worker',
    catalogueItemCode: '01037',
    description,
    areaCode: grid.code,
    areaPath: grid.path,
    location,
    address: null,
    reporterUserId: reporterId,
    reportedAt: at,
    lead: null,
    assisting: [],
    dispatchedAtLevel: null,
    whistle: 'none',
    pendingRequest: null,
    reworkCount: 0,
    rating: null,
    closedAt: null,
    mergedInto: null,
    mergedFrom: [],
    mergedReporterUserIds: [],
    overdueCount: 0,
  };
  const notice = {
    kind: 'todo',
    eventId: id,
    eventAreaPath: grid.path,
    audience: { kind: 'holders', level: 'grid', areaPath: grid.path },
    title: { zh: '新事件待处置', en: 'New event to handle' },
    body: { zh: `事件：${description}`, en: `Event: ${description}` },
  };
  await transact(async (query) => {
    await query(REPORT_ROWS, [
      id,
      `B${clientIndex}-${n}-${id.slice(0, 8)}`,
      catalogueItem,
      description,
      grid.code,
      grid.path,
      reporterId,
      hex(),
      JSON.stringify(snapshot),
      JSON.stringify(fact),
      at,
      grid.path.split('/')[1] ?? '',
      JSON.stringify(notice),
      id,
    ]);
    if (values.head) await query('update bench_head set position = position + 1', []);
  });
}

const warmUpMs = Number(values['warm-up']) * 1000;
const measuredMs = Number(values.seconds) * 1000;
const started = performance.now();
const measureFrom = started + warmUpMs;
const stopAt = measureFrom + measuredMs;
let measured = 0;
let written = 0;
await Promise.all(
  connection.clients.map(async (transact, clientIndex) => {
    for (let n = 0; performance.now() < stopAt; n++) {
      await report(transact, clientIndex, n);
      written++;
      const now = performance.now();
      if (now >= measureFrom && now <= stopAt) measured++;
    }
  }),
);
if (values.head) await connection.first('drop table bench_head');
await connection.close();
console.log(JSON.stringify({ ratePerSecond: measured / (measuredMs / 1000), reports: written }));
