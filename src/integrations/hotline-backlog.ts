import { Readable } from 'node:stream';
import type { BacklogLine } from '../commands/hotline/import-work-orders.ts';
import type { BacklogFormat } from '../domain/hotline.ts';

export type BacklogRead = { ok: true; lines: BacklogLine[] } | { ok: false; line: number; detail: string };

/**
 * A CSV file whose first row names the fields (`orderNo`, `requestType`, `urgency`, `content`, `callerName`,
 * `callerPhone`, `address`, `lng`, `lat`, `areaCode`, `catalogueItemCode`, `dueAt`), read by exceljs (fast-csv
 * underneath) with every cell kept as the text it is: an order number 0001 or a phone 022… stays as written.
 */
async function readCsv(content: string): Promise<BacklogRead> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  let sheet: Awaited<ReturnType<typeof workbook.csv.read>>;
  try {
    sheet = await workbook.csv.read(Readable.from([content.replace(/^\uFEFF/, '')]), {
      map: (datum: string) => datum,
    });
  } catch (error) {
    return { ok: false, line: 0, detail: error instanceof Error ? error.message : String(error) };
  }
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push(values.map((value) => (value === null || value === undefined ? '' : String(value))));
  });
  const header = (rows[0] ?? []).map((name) => name.trim());
  if (!header.includes('orderNo')) return { ok: false, line: 1, detail: 'the first row must name orderNo' };
  const lines: BacklogLine[] = [];
  rows.slice(1).forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const fields: Record<string, unknown> = {};
    header.forEach((name, column) => {
      if (name !== '') fields[name] = cells[column] ?? '';
    });
    lines.push({ line: index + 2, fields });
  });
  return { ok: true, lines };
}

/** JSON lines: one work order, as the ingestion endpoint takes it, per line; blank lines are skipped. */
function readJsonLines(content: string): BacklogRead {
  const lines: BacklogLine[] = [];
  const texts = content.split(/\r?\n/);
  for (const [index, text] of texts.entries()) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, line: index + 1, detail: 'not JSON' };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, line: index + 1, detail: 'not a JSON object' };
    }
    lines.push({ line: index + 1, fields: value as Record<string, unknown> });
  }
  return { ok: true, lines };
}

export function readBacklog(format: BacklogFormat, content: string): Promise<BacklogRead> | BacklogRead {
  return format === 'csv' ? readCsv(content) : readJsonLines(content);
}
