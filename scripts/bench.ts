/**
 * `npm run bench [-- --only intake,start-up]`: prints the figures the issues ask for, as markdown tables, and
 * writes every figure it printed to `bench-results/<date>.json` (section, name, value, unit, store), so that two
 * runs can be compared. Not a test: nothing here passes or fails.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureFrontEndBuilt } from '../src/front-end/build.ts';
import { benchIndicators } from './bench/indicators.ts';
import { benchIntake } from './bench/intake.ts';
import { benchLocate } from './bench/locate.ts';
import { benchPatrols } from './bench/patrols.ts';
import { benchStartUp } from './bench/start-up.ts';
import { loadAverage, recordedFigures } from './bench/support.ts';
import { benchSweeper } from './bench/sweeper.ts';

const SECTIONS = {
  locate: benchLocate,
  'start-up': benchStartUp,
  intake: benchIntake,
  sweeper: benchSweeper,
  indicators: benchIndicators,
  patrols: benchPatrols,
} as const;
/** Earlier names of sections, still accepted by --only. */
const ALIASES: Record<string, keyof typeof SECTIONS> = { events: 'intake' };

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const chosen = (values.only ? values.only.split(',') : Object.keys(SECTIONS)).map(
  (name) => ALIASES[name] ?? name,
);
const unknown = chosen.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  console.error(
    `Unknown section(s): ${unknown.join(', ')}. Choose from ${Object.keys(SECTIONS).join(', ')}.`,
  );
  process.exit(2);
}

const startedAt = new Date();
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  loadAverageAtStart: loadAverage(),
};
console.log(
  `Huying bench — ${startedAt.toISOString()} — Node ${machine.node}, ${machine.cores} × ${machine.cpu}, ` +
    `${machine.memoryGiB} GiB; load average ${machine.loadAverageAtStart}`,
);
// The app processes the bench starts would otherwise build the front end first when its sources changed, and a
// Vite build inside the first of them would count in its start and its memory.
await ensureFrontEndBuilt();
for (const name of chosen) {
  console.log('');
  await SECTIONS[name as keyof typeof SECTIONS]();
}

const resultsDir = join(import.meta.dirname, '..', 'bench-results');
await mkdir(resultsDir, { recursive: true });
const file = join(
  resultsDir,
  `${startedAt
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z')}.json`,
);
await writeFile(
  file,
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      sections: chosen,
      machine: { ...machine, loadAverageAtEnd: loadAverage() },
      figures: recordedFigures(),
    },
    null,
    2,
  )}\n`,
);
console.log('');
console.log(`Figures written to ${file}.`);
