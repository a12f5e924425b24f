/**
 * `npm start`: bundles the server's own TypeScript (src/, about 190 files) into one ES module with esbuild, in a
 * fraction of a second, and runs it in this process with plain Node. The libraries stay in node_modules and are
 * loaded by Node itself: under a TypeScript loader hook every one of the ~900 modules a start loads passes
 * through the hook's thread, which made a restart several times slower (docs/architecture.md, "Starting").
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const folder = join(root, 'dist', 'server');

const { outputFiles } = await build({
  entryPoints: [join(root, 'src', 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  write: false,
  logLevel: 'warning',
});
const code = outputFiles[0].contents;
// Named by its content: processes starting together from one checkout write the same file, each whole.
const name = `main.${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
const file = join(folder, name);
if (!existsSync(file)) {
  await mkdir(folder, { recursive: true });
  const partial = `${file}.${process.pid}`;
  await writeFile(partial, code);
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
