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

export function openServerStore(databaseUrl: string, poolSize = 10): Store {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: serverTypes });
  // An idle connection dropped by the server (restart, failover, admin command) must not end the process:
  // the pool replaces it, and the next query reports its own error.
  pool.on('error', (error) => {
    process.emitWarning(`an idle PostgreSQL connection was closed: ${error.message}`, 'HuyingStoreWarning');
  });
  return storeOf('server', new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }));
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
