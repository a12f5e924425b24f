import type { Executor } from '../../db/repositories/executor.ts';
import {
  type NamedCode,
  namesOf,
  type RollupGroup,
  readRollupGroups,
  streetsInSight,
  unitsInSight,
} from '../../db/repositories/rollups.ts';
import { EVENT_SOURCES, type EventSource } from '../../domain/events.ts';
import {
  type Basis,
  basisOf,
  type FigureSight,
  type IndicatorName,
  type Indicators,
  indicatorsOf,
  type Period,
  type Ranked,
  rankUnits,
} from '../../domain/indicators.ts';
import { addTotals, emptyTotals, type Grain, type Totals, type UnitKind } from '../../domain/rollup.ts';
import { SOURCE_NAMES } from '../../reports/labels.ts';

export const GROUPINGS = ['street', 'department', 'class', 'source', 'day', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface IndicatorRow {
  code: string;
  name: string;
  /** For units: district_department, street_office or community; '' for other rows. */
  unitKind: UnitKind;
  totals: Totals;
  indicators: Indicators;
}

export interface IndicatorTable {
  period: Period;
  by: Grouping;
  basis: Basis;
  rows: IndicatorRow[];
  /** The rows added up. */
  total: IndicatorRow;
}

/**
 * The grain whose rows answer a period: whole months and years are read from their own rows, a week or a day
 * (or any breakdown by day) from daily rows, a breakdown by month from monthly rows.
 */
export function grainFor(period: Period, by: Grouping): Grain {
  if (by === 'day' || period.kind === 'day' || period.kind === 'week') return 'day';
  if (by === 'month' || period.kind === 'month') return 'month';
  return 'year';
}

async function namedRows(
  db: Executor,
  by: Grouping,
  groups: readonly RollupGroup[],
  present: readonly NamedCode[],
): Promise<{ code: string; name: string; unitKind: UnitKind; totals: Totals }[]> {
  const byCode = new Map(groups.map((group) => [group.code, group]));
  const rows = groups.map((group) => ({
    code: group.code,
    name: '',
    unitKind: group.unitKind,
    totals: group.totals,
  }));
  for (const known of present) {
    if (!byCode.has(known.code))
      rows.push({ code: known.code, name: known.name, unitKind: known.kind, totals: emptyTotals() });
  }
  const names = await namesOf(db, {
    ...(by === 'street' || by === 'department' ? { areas: rows.map((row) => row.code) } : {}),
    ...(by === 'department' ? { departments: rows.map((row) => row.code) } : {}),
    ...(by === 'class' ? { classes: rows.map((row) => row.code) } : {}),
  });
  for (const row of rows) {
    if (row.name !== '') continue;
    switch (by) {
      case 'street':
        row.name = row.code === '' ? '（未定位）' : (names.areas.get(row.code) ?? row.code);
        break;
      case 'department':
        row.name =
          (row.unitKind === 'community' ? names.areas.get(row.code) : names.departments.get(row.code)) ??
          row.code;
        break;
      case 'class':
        row.name = names.classes.get(row.code) ?? row.code;
        break;
      case 'source':
        row.name = (EVENT_SOURCES as readonly string[]).includes(row.code)
          ? SOURCE_NAMES[row.code as EventSource]
          : row.code;
        break;
      default:
        row.name = row.code;
    }
  }
  return rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The figures of a period within a sight, one row per street, department (or other unit), catalogue class,
 * source, day or month, with every indicator, and their total. Streets and departments in sight appear even
 * when nothing was counted for them, so a ranking shows everyone.
 */
export async function indicatorTable(
  db: Executor,
  sight: FigureSight,
  period: Period,
  by: Grouping,
): Promise<IndicatorTable> {
  const groups = await readRollupGroups(db, {
    grain: grainFor(period, by),
    from: period.from,
    to: period.to,
    sight,
    groupBy: by,
  });
  const present =
    by === 'street'
      ? await streetsInSight(db, sight)
      : by === 'department'
        ? await unitsInSight(db, sight)
        : [];
  const basis = basisOf(by === 'department' ? 'unit' : 'other', sight);
  const rows = (await namedRows(db, by, groups, present)).map((row) => ({
    ...row,
    indicators: indicatorsOf(row.totals, basis),
  }));
  const totals = rows.reduce((sum, row) => addTotals(sum, row.totals), emptyTotals());
  return {
    period,
    by,
    basis,
    rows,
    total: { code: '', name: '合计', unitKind: '', totals, indicators: indicatorsOf(totals, basis) },
  };
}

export const RANKED = ['departments', 'streets'] as const;
export type RankedKind = (typeof RANKED)[number];

/**
 * The rows of a table by department or by street ranked by one indicator, best first (see `rankUnits`).
 * Departments are district departments and street offices: communities are not; events not yet placed belong
 * to no street.
 */
export function rankRows(table: IndicatorTable, by: IndicatorName): Ranked<IndicatorRow>[] {
  const rows = table.rows.filter((row) =>
    table.by === 'department' ? row.unitKind !== 'community' : row.code !== '',
  );
  return rankUnits(rows, by);
}

/** Departments or streets in sight, ranked by one indicator over a period. */
export async function rankingTable(
  db: Executor,
  sight: FigureSight,
  period: Period,
  of: RankedKind,
  by: IndicatorName,
): Promise<{
  period: Period;
  of: RankedKind;
  by: IndicatorName;
  basis: Basis;
  rows: Ranked<IndicatorRow>[];
}> {
  const table = await indicatorTable(db, sight, period, of === 'departments' ? 'department' : 'street');
  return { period, of, by, basis: table.basis, rows: rankRows(table, by) };
}
