import { describe, expect, it } from 'vitest';
import { fromText, isDate, isDateTime } from './validation.ts';

describe('a text from a query, a path or a header', () => {
  const integer = { type: 'integer' };
  const number = { type: 'number' };
  it.each([
    [integer, '42', 42],
    [integer, '-7', -7],
    [integer, 'Infinity', 'Infinity'],
    [integer, '1e309', '1e309'],
    [integer, '1e3', '1e3'],
    [integer, '0x10', '0x10'],
    [integer, ' 5', ' 5'],
    [integer, '5.0', '5.0'],
    [integer, '', ''],
    [integer, '9007199254740993', '9007199254740993'],
    [number, '1.5', 1.5],
    [number, '-2e3', -2000],
    [number, '1e309', '1e309'],
    [number, 'NaN', 'NaN'],
    [{ type: 'boolean' }, 'true', true],
    [{ type: 'boolean' }, '1', '1'],
    [{ type: 'string' }, '12345', '12345'],
    [{ type: 'array', items: { enum: ['open', 'closed'] } }, 'open', ['open']],
    [{ type: 'array', items: integer }, ['1', 'x'], [1, 'x']],
    [{ type: 'string' }, ['a', 'b'], ['a', 'b']],
    [{ anyOf: [integer, { type: 'null' }] }, '3', 3],
  ])('%j: %j becomes %j, and only a finite decimal becomes a number', (schema, text, expected) => {
    expect(fromText(schema, text)).toEqual(expected);
  });
});

describe('dates and times must be real and within the years 1000–9999', () => {
  it.each([
    ['2025-03-03T01:00:00Z', true],
    ['2025-03-03T09:00:00.123+08:00', true],
    ['2024-02-29T00:00:00Z', true],
    ['2025-02-29T00:00:00Z', false],
    ['2025-02-30T00:00:00Z', false],
    ['2025-01-01T24:00:00Z', false],
    ['2025-01-01T23:59:60Z', false],
    ['2025-01-01T00:00:00+24:00', false],
    ['0000-01-01T00:00:00Z', false],
    ['0999-12-31T23:59:59Z', false],
    ['9999-12-31T23:59:59Z', true],
    ['9999-12-31T23:59:59-01:00', false],
    ['+275760-09-13T00:00:00.000Z', false],
    ['2025-01-01', false],
  ])('date-time %s: %s', (text, valid) => {
    expect(isDateTime(text)).toBe(valid);
  });

  it.each([
    ['2025-03-03', true],
    ['2025-13-01', false],
    ['2025-02-29', false],
    ['0000-01-01', false],
    ['9999-12-31', true],
    ['10000-01-01', false],
  ])('date %s: %s', (text, valid) => {
    expect(isDate(text)).toBe(valid);
  });
});
