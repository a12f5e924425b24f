import { cellText, type Sheet } from './sheet.ts';

/** Excel reads a CSV file as UTF-8 (and so shows Chinese) only when it starts with the byte-order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * Text a spreadsheet would take for a formula (=, +, -, @, or a tab or carriage return first) is written with a
 * leading apostrophe, so a report's text can never run as a formula on a reader's machine (CSV injection).
 */
function defused(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A sheet as CSV: BOM, a header row, CRLF line ends. */
export function toCsv(sheet: Sheet): string {
  const lines = [
    sheet.columns.map((column) => csvField(column.header)),
    ...sheet.rows.map((row) =>
      sheet.columns.map((column, index) => {
        const value = row[index] ?? null;
        const text = cellText(value, column.kind);
        return csvField(typeof value === 'string' ? defused(text) : text);
      }),
    ),
  ];
  return `${UTF8_BOM}${lines.map((fields) => fields.join(',')).join('\r\n')}\r\n`;
}
