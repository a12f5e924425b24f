import {
  type Catalogue,
  type CatalogueClass,
  type CatalogueItem,
  type Priority,
  parseUnitRef,
  type StepLimit,
  stepLimit,
} from '../domain/catalogue.ts';
import { COMPONENTS } from './components.ts';
import { HOTLINE } from './hotline.ts';
import { MATTERS } from './matters.ts';
import { SOCIAL_GOVERNANCE } from './social-governance.ts';

/**
 * The catalogue a new install starts with, for the demo district's register (src/demo/departments.ts):
 * the national standard's 153 management components and 97 matters of classes 06–10 (GB/T 47678.5-2026, through
 * a public transcription), the grid's social-governance classes and the 12345 hotline's request kinds.
 * Responsible units, fallbacks, priorities and limits are Huying's defaults; administrators edit them.
 */

type Limits = CatalogueItem['limits'];

/**
 * The usual handling of an item. `urgent`: gas, a missing manhole cover, a burst main, a fire hazard: accept in
 * 30 minutes, make safe within hours. `quick`: street order and cleaning that will not wait for tomorrow.
 * `normal`: the seeds' 24 hours to accept, a working week to handle. `low`: cosmetic, two working weeks.
 */
export const HANDLING_PRESETS = {
  urgent: {
    priority: 'urgent',
    limits: {
      accept: stepLimit(30, 'minutes'),
      handle: stepLimit(4, 'hours'),
      verify: stepLimit(1, 'working_days'),
    },
  },
  high: {
    priority: 'high',
    limits: {
      accept: stepLimit(2, 'hours'),
      handle: stepLimit(2, 'working_days'),
      verify: stepLimit(1, 'working_days'),
    },
  },
  quick: {
    priority: 'normal',
    limits: {
      accept: stepLimit(2, 'hours'),
      handle: stepLimit(8, 'working_hours'),
      verify: stepLimit(1, 'working_days'),
    },
  },
  normal: {
    priority: 'normal',
    limits: {
      accept: stepLimit(24, 'hours'),
      handle: stepLimit(5, 'working_days'),
      verify: stepLimit(2, 'working_days'),
    },
  },
  low: {
    priority: 'low',
    limits: {
      accept: stepLimit(24, 'hours'),
      handle: stepLimit(10, 'working_days'),
      verify: stepLimit(2, 'working_days'),
    },
  },
} as const satisfies Record<string, { priority: Priority; limits: Limits }>;
export type HandlingPreset = keyof typeof HANDLING_PRESETS;

/** A preset's name, or the priority and limits spelled out. */
export type Handling = HandlingPreset | { readonly priority: Priority; readonly limits: Readonly<Limits> };

/**
 * One item as the data files write it. `unit` and `fallback` are written as `unitRefKey` writes them: a
 * district department code ('D049'), 'street:<office kind>' or 'community'.
 */
export type Row = readonly [
  code: string,
  name: string,
  nameEn: string,
  unit: string,
  fallback: string,
  handling: Handling,
  keywords?: readonly string[],
];

/** One data file: its classes, its items by class code, and how it names its source. */
export interface RowGroup {
  classes: CatalogueClass[];
  rows: Readonly<Record<string, readonly Row[]>>;
  standardRef: (code: string) => string | null;
  /** For components: the name the standard's matter table gives a problem with the component. */
  matterName?: (code: string, name: string) => string;
}

const copyLimit = (limit: StepLimit): StepLimit => ({ unit: limit.unit, amount: limit.amount });

function itemFrom(group: RowGroup, classCode: string, row: Row): CatalogueItem {
  const [code, name, nameEn, unit, fallback, handling, keywords] = row;
  const responsibleUnit = parseUnitRef(unit);
  if (responsibleUnit === null) throw new Error(`catalogue item ${code}: bad responsible unit ${unit}`);
  const { priority, limits } = typeof handling === 'string' ? HANDLING_PRESETS[handling] : handling;
  const item: CatalogueItem = {
    code,
    classCode,
    name,
    nameEn,
    responsibleUnit,
    fallbackDepartment: fallback,
    priority,
    limits: {
      accept: copyLimit(limits.accept),
      handle: copyLimit(limits.handle),
      verify: copyLimit(limits.verify),
    },
    standardRef: group.standardRef(code),
  };
  if (group.matterName) item.standardMatterName = group.matterName(code, name);
  if (keywords && keywords.length > 0) item.keywords = [...keywords];
  return item;
}

/** The groups in the order the catalogue lists them. */
export const CATALOGUE_GROUPS: readonly RowGroup[] = [COMPONENTS, MATTERS, SOCIAL_GOVERNANCE, HOTLINE];

/** A fresh copy of the default catalogue, to be edited without touching `DEFAULT_CATALOGUE`. */
export function buildDefaultCatalogue(): Catalogue {
  const classes: CatalogueClass[] = [];
  const items: CatalogueItem[] = [];
  for (const group of CATALOGUE_GROUPS) {
    // Class by class, in the order the classes are listed ('10' would come first among an object's keys).
    for (const entry of group.classes) {
      classes.push({ ...entry });
      for (const row of group.rows[entry.code] ?? []) items.push(itemFrom(group, entry.code, row));
    }
    const stray = Object.keys(group.rows).filter(
      (code) => !group.classes.some((entry) => entry.code === code),
    );
    if (stray.length > 0) throw new Error(`catalogue rows for unlisted classes: ${stray.join(', ')}`);
  }
  return { classes, items };
}

export const DEFAULT_CATALOGUE: Catalogue = buildDefaultCatalogue();
