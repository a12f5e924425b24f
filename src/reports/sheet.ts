/**
 * A table as the exports write it, whatever the format: named columns of a kind, and rows of plain values.
 * The kind says how a value is shown: a percentage, minutes with one decimal, a date and time in China time.
 */
export type ColumnKind = 'text' | 'count' | 'ratio' | 'minutes' | 'datetime';

export interface SheetColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters, for spreadsheets. */
  width?: number;
}

export type Cell = string | number | Date | null;

export interface Sheet {
  /** The worksheet's name (at most 31 characters in XLSX). */
  name: string;
  columns: SheetColumn[];
  rows: Cell[][];
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** '2026-11-05 14:03:00', in China time (UTC+8). */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A value as text, the way a person reads it: 98.50%, 12.3 (minutes), 2026-11-05 14:03:00; '' for none. */
export function cellText(value: Cell, kind: ColumnKind): string {
  if (value === null) return '';
  if (value instanceof Date) return chinaDateTime(value);
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'ratio':
      return `${(value * 100).toFixed(2)}%`;
    case 'minutes':
      return value.toFixed(1);
    default:
      return String(value);
  }
}
