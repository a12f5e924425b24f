/**
 * `npm run bench [-- --only locate,start-up,events]`: prints the figures the issues ask for, as markdown
 * tables. Not a test: nothing here passes or fails.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { benchEvents } from './bench/events.ts';
import { benchIndicators } from './bench/indicators.ts';
import { benchLocate } from './bench/locate.ts';
import { benchPatrols } from './bench/patrols.ts';
import { benchStartUp } from './bench/start-up.ts';
import { benchSweeper } from './bench/sweeper.ts';

const SECTIONS = {
  locate: benchLocate,
  'start-up': benchStartUp,
  events: benchEvents,
  sweeper: benchSweeper,
  indicators: benchIndicators,
  patrols: benchPatrols,
} as const;

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const chosen = values.only ? values.only.split(',') : Object.keys(SECTIONS);
const unknown = chosen.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  console.error(
    `Unknown section(s): ${unknown.join(', ')}. Choose from ${Object.keys(SECTIONS).join(', ')}.`,
  );
  process.exit(2);
}

console.log(
  `Huying bench — ${new Date().toISOString()} — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model}`,
);
for (const name of chosen) {
  console.log('');
  await SECTIONS[name as keyof typeof SECTIONS]();
}
