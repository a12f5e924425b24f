import type { Executor } from '../../db/repositories/executor.ts';
import { findDistrictName } from '../../db/repositories/rollups.ts';
import {
  type FigureSight,
  type IndicatorName,
  type Period,
  periodRange,
  type Ranked,
} from '../../domain/indicators.ts';
import { type IndicatorRow, type IndicatorTable, indicatorTable, rankRows } from './indicator-table.ts';

/** How many catalogue classes the report lists, busiest first. */
export const TOP_CLASSES = 10;

/** The rankings a monthly report prints: streets by their closed rate, departments by their on-time rate. */
export const REPORT_RANKINGS = { streets: 'closedRate', departments: 'onTimeRate' } as const satisfies Record<
  string,
  IndicatorName
>;

export interface MonthlyReport {
  districtCode: string;
  districtName: string;
  period: Period;
  generatedAt: Date;
  /** The district's figures for the month (intake by reports). */
  total: IndicatorRow;
  streets: IndicatorTable;
  departments: IndicatorTable;
  streetRanking: Ranked<IndicatorRow>[];
  departmentRanking: Ranked<IndicatorRow>[];
  /** The catalogue classes with the largest intake, at most TOP_CLASSES. */
  topClasses: IndicatorRow[];
  sources: IndicatorTable;
}

/**
 * Everything the monthly report of a district prints, read from the month's rollups. Undefined when there is
 * no district by that code. `month` is YYYY-MM.
 */
export async function loadMonthlyReport(
  db: Executor,
  districtCode: string,
  month: string,
  generatedAt: Date,
): Promise<MonthlyReport | undefined> {
  const period = periodRange('month', `${month}-01`);
  const districtName = await findDistrictName(db, districtCode);
  if (!period || districtName === undefined) return undefined;
  const sight: FigureSight = { districtCode, streetCode: null, unitCode: null };
  const streets = await indicatorTable(db, sight, period, 'street');
  const departments = await indicatorTable(db, sight, period, 'department');
  const classes = await indicatorTable(db, sight, period, 'class');
  const sources = await indicatorTable(db, sight, period, 'source');
  const topClasses = [...classes.rows]
    .filter((row) => (row.indicators.intake ?? 0) > 0)
    .sort((a, b) => (b.indicators.intake ?? 0) - (a.indicators.intake ?? 0) || a.code.localeCompare(b.code))
    .slice(0, TOP_CLASSES);
  return {
    districtCode,
    districtName,
    period,
    generatedAt,
    total: streets.total,
    streets,
    departments,
    streetRanking: rankRows(streets, REPORT_RANKINGS.streets),
    departmentRanking: rankRows(departments, REPORT_RANKINGS.departments),
    topClasses,
    sources,
  };
}
