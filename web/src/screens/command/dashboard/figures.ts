import type { IndicatorName } from '../../../../../src/domain/indicators.ts';
import type { IndicatorRow, IndicatorTable } from '../../../api/types.ts';

export type { IndicatorName };

/** The rates among the indicators: shown as percentages. */
export const RATES: readonly IndicatorName[] = ['closedRate', 'onTimeRate', 'satisfactionRate', 'reworkRate'];

/** An indicator's value as a person reads it: a rate in percent, a count as is, nothing known as a dash. */
export function showFigure(name: IndicatorName, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (RATES.includes(name)) return `${(value * 100).toFixed(1)}%`;
  if (name.endsWith('Minutes')) return String(Math.round(value));
  return String(value);
}

/** The rows of a table by day with every day of its period up to `today` (YYYY-MM-DD), empty ones at zero. */
export function withEmptyDays(table: IndicatorTable, today: string): IndicatorRow[] {
  if (table.by !== 'day') return table.rows;
  const byDay = new Map(table.rows.map((row) => [row.code, row]));
  const rows: IndicatorRow[] = [];
  for (let day = new Date(`${table.period.from}T00:00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const code = day.toISOString().slice(0, 10);
    if (code >= table.period.to || code > today) break;
    rows.push(
      byDay.get(code) ?? { ...table.total, code, name: code, indicators: emptyIndicators(table.total) },
    );
  }
  return rows;
}

function emptyIndicators(total: IndicatorRow): IndicatorRow['indicators'] {
  return Object.fromEntries(Object.keys(total.indicators).map((name) => [name, 0]));
}
