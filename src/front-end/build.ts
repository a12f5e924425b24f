import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const WEB_SOURCE_DIR = join(PROJECT_ROOT, 'web');
/** `dist/web`, or HUYING_WEB_BUILD_DIR: the bench times a start without a build in a folder of its own. */
export const WEB_BUILD_DIR = process.env.HUYING_WEB_BUILD_DIR
  ? resolve(process.env.HUYING_WEB_BUILD_DIR)
  : join(PROJECT_ROOT, 'dist', 'web');
const STAMP_FILE = 'build-stamp.txt';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A stamp of everything the build reads, the front end's sources and the locked library versions, by name, size
 * and time of change, as the server's bundle is stamped (scripts/start.mjs): reading every file to hash it cost
 * a start a second.
 */
export async function frontEndSourceStamp(): Promise<string> {
  const files = [...(await filesUnder(WEB_SOURCE_DIR)), join(PROJECT_ROOT, 'package-lock.json')];
  const stats = await Promise.all(files.map((file) => stat(file)));
  const hash = createHash('sha256');
  for (const [index, file] of files.entries()) {
    hash.update(`${relative(PROJECT_ROOT, file)}\0${stats[index]!.size}\0${stats[index]!.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

async function builtStamp(): Promise<string | null> {
  const file = join(WEB_BUILD_DIR, STAMP_FILE);
  return existsSync(file) ? (await readFile(file, 'utf8')).trim() : null;
}

/**
 * Builds the front end with Vite unless `dist/web` already holds a build of the current sources. The build
 * goes to a folder of its own and is swapped in whole, so a process serving the old build never sees half
 * of the new one.
 */
export async function ensureFrontEndBuilt(log: (line: string) => void = console.log): Promise<boolean> {
  const stamp = await frontEndSourceStamp();
  if ((await builtStamp()) === stamp) return false;
  log('Building the front end (web/ → dist/web)…');
  const started = performance.now();
  const staging = `${WEB_BUILD_DIR}.${process.pid}.building`;
  const retired = `${WEB_BUILD_DIR}.${process.pid}.old`;
  const { build } = await import('vite');
  // Always a production build, also when the caller runs under NODE_ENV=test (vitest) or development:
  // Vue's and Vant's development builds behave differently (Vant then repeats field ids, for one).
  const callersNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(WEB_SOURCE_DIR, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true },
    });
  } finally {
    if (callersNodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = callersNodeEnv;
  }
  await writeFile(join(staging, STAMP_FILE), `${stamp}\n`);
  if (existsSync(WEB_BUILD_DIR)) await rename(WEB_BUILD_DIR, retired);
  await rename(staging, WEB_BUILD_DIR);
  await rm(retired, { recursive: true, force: true });
  log(`Front end built in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
