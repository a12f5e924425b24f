/**
 * `npm start`: bundles the server's own TypeScript (src/, about 190 files) into one ES module with esbuild, in a
 * fraction of a second, and runs it in this process with plain Node. The libraries stay in node_modules and are
 * loaded by Node itself, but for two (below): under a TypeScript loader hook every one of the ~900 modules a start
 * loads passed through the hook's thread, which made a restart several times slower (docs/architecture.md,
 * "Starting").
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const folder = join(root, 'dist', 'server');

/**
 * What the bundle is built from, by name, size and time of change: the server's sources, the locked library
 * versions (esbuild's among them) and this script. A restart with none of them changed skips the build.
 */
async function sourceStamp() {
  const hash = createHash('sha256');
  const entries = await readdir(join(root, 'src'), { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .concat(join(root, 'package-lock.json'), import.meta.filename)
    .sort();
  for (const file of files) {
    const { size, mtimeMs } = await stat(file);
    hash.update(`${relative(root, file)}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Libraries stay in node_modules, loaded by Node, except those made of hundreds of small ES modules with nothing
 * native in them: Node resolves and reads each of typebox's 700 files and kysely's 280 on every start, which cost
 * a restart some 600 ms, and bundled they are one file read.
 */
const BUNDLED_LIBRARIES = /^(typebox|kysely)(\/|$)/;
const librariesOutsideTheBundle = {
  name: 'libraries-outside-the-bundle',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED_LIBRARIES.test(args.path) ? undefined : { path: args.path, external: true },
    );
  },
};

const name = `main.${await sourceStamp()}.mjs`;
const file = join(folder, name);
if (!existsSync(file)) {
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    entryPoints: [join(root, 'src', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [librariesOutsideTheBundle],
    sourcemap: 'inline',
    write: false,
    logLevel: 'warning',
  });
  // Processes starting together from one checkout write the same file, each whole.
  await mkdir(folder, { recursive: true });
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, outputFiles[0].contents);
  await rename(partial, file);
}
// A running process has its bundle loaded whole: bundles of older sources can go, once no start can be between
// writing one and loading it.
for (const old of await readdir(folder)) {
  const path = join(folder, old);
  if (old === name || !/^main\.[0-9a-f]{16}\.mjs$/.test(old)) continue;
  if (Date.now() - (await stat(path)).mtimeMs > 3_600_000) await rm(path, { force: true });
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(file).href);
