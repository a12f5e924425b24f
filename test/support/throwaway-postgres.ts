import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process.ts';

const run = promisify(execFile);

/** Where Debian puts the server's programs; HUYING_PG_BIN points elsewhere. */
const PG_BIN = process.env.HUYING_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own, in a folder under the temporary directory on a free port, that the
 * test may stop and start at will (a store outage) without touching any server other tests use. PostgreSQL
 * refuses to run as root: under root the cluster belongs to, and runs as, the `postgres` OS user.
 */
export interface ThrowawayPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** `fast` ends every session with an administrator's message; `immediate` drops them without a word. */
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts the server again and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (if running) and removes the folder. */
  destroy(): Promise<void>;
}

async function runAsOwner(program: string, args: string[]): Promise<void> {
  const asRoot = userInfo().uid === 0;
  const [command, commandArgs] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, program), ...args]]
    : [join(PG_BIN, program), args];
  await run(command, commandArgs, { timeout: 60_000 });
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const folder = await mkdtemp(join(tmpdir(), 'huying-pg-'));
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(folder, Number(stdout.trim()), Number(group.trim()));
  }
  const dataDir = join(folder, 'data');
  const port = await freePort();
  await runAsOwner('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  // The socket lives in the cluster's own folder; fsync off because a stopped server, not a lost machine, is
  // the fault under test (a stopped server keeps what it acknowledged either way).
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  let running = false;
  const start = async () => {
    await runAsOwner('pg_ctl', [
      '-D',
      dataDir,
      '-o',
      options,
      '-l',
      join(folder, 'server.log'),
      '-w',
      'start',
    ]);
    running = true;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    async stop(mode) {
      await runAsOwner('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async destroy() {
      if (running)
        await runAsOwner('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      running = false;
      await rm(folder, { recursive: true, force: true });
    },
  };
}
