import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type StoreKind = 'embedded' | 'server';

/** The one handle the app has on its state: embedded PGlite, or a PostgreSQL server through DATABASE_URL. */
export interface Store {
  readonly kind: StoreKind;
  readonly db: Kysely<Database>;
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** Counts and identities fit in a double; both stores return int8 as a number so callers never branch. */
const serverTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function storeOf(kind: StoreKind, db: Kysely<Database>, onClose: () => void = () => {}): Store {
  return {
    kind,
    db,
    async isReachable() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
      onClose();
    },
  };
}

/** How long a request waits for a new connection to the server before it is answered 503. */
const CONNECT_TIMEOUT_MS = 5000;

export function openServerStore(databaseUrl: string, poolSize = 10): Store {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: poolSize,
    types: serverTypes,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A server that vanished without closing its connections (a host down, a network cut) is noticed by TCP
    // keep-alive instead of a query waiting on a dead socket.
    keepAlive: true,
  });
  // A connection dropped by the server (restart, failover, admin command) must not end the process. An idle one
  // is reported here and replaced by the pool. One checked out (a transaction between statements, a query under
  // way) emits 'error' on its own client, where the pool listens only while it is idle: a listener of its own
  // keeps that from being an unhandled 'error' event. The query under way fails with the error, the next one on
  // that client fails as "not queryable", and the pool discards the client when it is released.
  pool.on('error', (error) => {
    process.emitWarning(`an idle PostgreSQL connection was closed: ${error.message}`, 'HuyingStoreWarning');
  });
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return storeOf('server', new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
}

/** SQLSTATE classes and codes that say the server cannot be reached or is going away, not that a query was wrong. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What node-postgres says, without a code, when a connection ends or cannot be had in time. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
];

/**
 * Whether an error says that the store is away (the server stopped, restarting, unreachable or out of
 * connections) rather than that the work itself failed: the request may be tried again once it is back.
 */
export function isStoreUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)))
    return true;
  if (UNAVAILABLE_MESSAGES.some((message) => error.message.startsWith(message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isStoreUnavailable(inner, depth + 1)))
    return true;
  return error.cause !== undefined && isStoreUnavailable(error.cause, depth + 1);
}

export interface EmbeddedStoreOptions {
  /** A folder on disk; omitted, the store lives in memory (tests). */
  dataDir?: string;
  /** A tarball from `dumpDataDir`, to start from a snapshot instead of an empty cluster. */
  loadDataDir?: Blob;
}

export interface EmbeddedStore extends Store {
  /** The whole data folder as a tarball, to start other stores from this one's state. */
  dumpDataDir(): Promise<Blob>;
}

const EMBEDDED_SHARED_BUFFERS = '32MB';

/**
 * PostgreSQL compiled to WebAssembly is some 10 MB of code. By default V8 compiles it twice, quickly (Liftoff) and
 * then its hot functions again, optimised (TurboFan), in background threads: the second copy cost 60 MB of the
 * process's memory and a core for the first seconds after a start, for no rate the intake bench could see
 * (docs/bench.md). The flag is read when a module is compiled, so it is set before PGlite compiles its own; it
 * touches no other code, as PGlite's is the only WebAssembly the app runs.
 */
function compileWebAssemblyOnce(): void {
  setFlagsFromString('--liftoff-only');
}

export async function openEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<EmbeddedStore> {
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  compileWebAssemblyOnce();
  try {
    const pglite = await PGlite.create({
      // PostgreSQL's default 128 MB of shared buffers is zeroed at start inside the WebAssembly memory, which
      // never shrinks: a third of the process's memory before the first request. A district's working set fits
      // in 32 MB, and a page that does not is read from the data folder through the OS's cache.
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    return {
      ...storeOf('embedded', new Kysely<Database>({ dialect: new PGliteDialect(pglite) }), unlock),
      dumpDataDir: () => pglite.dumpDataDir('none'),
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
