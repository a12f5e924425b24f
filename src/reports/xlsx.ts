import { type ColumnKind, chinaDateTime, type Sheet } from './sheet.ts';

const NUMBER_FORMATS: Partial<Record<ColumnKind, string>> = {
  count: '0',
  ratio: '0.00%',
  minutes: '0.0',
};

/**
 * A sheet as an XLSX workbook. Numbers stay numbers (ratios formatted as percentages), so a reader can sort and
 * sum them; text is written as text, never as a formula; times are written in China time.
 */
export async function toXlsx(sheet: Sheet): Promise<Buffer> {
  // Loaded on the first export rather than with the app: it is the heaviest library the server has (about a
  // second of a start under tsx), and most processes never export.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Huying 呼应';
  const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  worksheet.columns = sheet.columns.map((column, index) => ({
    header: column.header,
    key: String(index),
    width: column.width ?? Math.max(10, column.header.length * 2 + 2),
    style: NUMBER_FORMATS[column.kind] ? { numFmt: NUMBER_FORMATS[column.kind]! } : {},
  }));
  worksheet.getRow(1).font = { bold: true };
  for (const row of sheet.rows) {
    worksheet.addRow(
      sheet.columns.map((column, index) => {
        const value = row[index] ?? null;
        if (value instanceof Date) return chinaDateTime(value);
        if (typeof value === 'number' && column.kind === 'text') return String(value);
        return value;
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
