/**
 * The store's own rate for the rows a report writes, run by the bench as a process of its own: an `events` row,
 * an `event_log` row and an `outbox` row, one transaction per report, from `--clients` clients for `--seconds`.
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
const catalogueItem = JSON.stringify({
  code: '01037',
  name: '路灯',
  classCode: '01',
  definition: {
    limits: { accept: { amount: 1, unit: 'hours' }, handle: { amount: 2, unit: 'working_days' } },
  },
  revision: 1,
});

async function report(transact: Transact, clientIndex: number, n: number): Promise<void> {
  const id = randomUUID();
  const grid = grids[n % grids.length]!;
  const description = `路灯不亮 bare ${id}`;
  const at = new Date().toISOString();
  await transact(async (query) => {
    const fact = {
      type: 'reported',
      description,
      location: { lng: 117.15, lat: 39.16 },
      areaCode: grid.code,
      catalogueItemCode: '01037',
    };
    await query(
      `insert into events (id, tracking_code, state, level, source, catalogue_item_code, catalogue_item, description,
         area_code, area_path, lng, lat, reporter_user_id, reported_at, last_seq, last_hash, snapshot, updated_at,
         deadline_step, deadline_started_at, warn_at, due_at)
       values ($1, $2, 'reported', 'grid', 'grid_worker', '01037', $3::jsonb, $4, $5, $6, 117.15, 39.16, $7, now(), 1,
         $8, $9::jsonb, now(), 'accept', now(), now() + interval '48 minutes', now() + interval '1 hour')`,
      [
        id,
        `B${clientIndex}-${n}-${id.slice(0, 8)}`,
        catalogueItem,
        description,
        grid.code,
        grid.path,
        reporterId,
        hex(),
        JSON.stringify({ state: 'reported', ...fact }),
      ],
    );
    // The position comes from the log's sequence, and the database queues the entry for its seal.
    await query(
      `insert into event_log (event_id, event_seq, fact_type, fact, actor_user_id, at, prev_event_hash, hash)
       values ($1, 1, 'reported', $2::jsonb, $3, $4, null, $5)`,
      [id, JSON.stringify(fact), reporterId, at, hex()],
    );
    await query(
      `insert into outbox (notice, channel, target, available_at)
       values ($1::jsonb, 'webhook', $2::jsonb, now())`,
      [
        JSON.stringify({ kind: 'new_todo', eventId: id, title: { 'zh-CN': description } }),
        JSON.stringify({ subscriptionId: 1 }),
      ],
    );
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
