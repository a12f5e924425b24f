import { describe, expect, it } from 'vitest';
import { csvField, toCsv, UTF8_BOM } from './csv.ts';
import { cellText } from './sheet.ts';

describe('CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['中文', '中文'],
  ])('writes %j as %j', (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it('starts with the byte-order mark, ends lines with CRLF and defuses formulas in text only', () => {
    const csv = toCsv({
      name: 't',
      columns: [
        { header: '名称', kind: 'text' },
        { header: '办结率', kind: 'ratio' },
        { header: '差值', kind: 'count' },
      ],
      rows: [
        ['=1+1', 0.98765, -3],
        ['@SUM(A1)', null, 0],
        ['-x, "y"', 1, 12],
      ],
    });
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '名称,办结率,差值',
      "'=1+1,98.77%,-3",
      "'@SUM(A1),,0",
      `"'-x, ""y""",100.00%,12`,
      '',
    ]);
  });

  it('shows times in China time and minutes with one decimal', () => {
    expect(cellText(new Date('2026-11-30T16:30:00Z'), 'datetime')).toBe('2026-12-01 00:30:00');
    expect(cellText(12.345, 'minutes')).toBe('12.3');
    expect(cellText(null, 'ratio')).toBe('');
  });
});
