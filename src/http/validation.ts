import AjvCompiler from '@fastify/ajv-compiler';
import type { Options } from 'ajv';

/**
 * How the edge checks what it is sent, for every route at once.
 *
 * A JSON body is taken as it is: a value of the wrong type is refused by name, never converted (`null` is not
 * 0, `["a"]` is not "a", 12345 is not "12345"). Ajv's own coercion is off everywhere.
 *
 * Query strings, path parameters and headers arrive as text, so the schema says what each is to become, and a
 * text becomes a number only when it is written as one in plain decimal and is finite (`Infinity`, `1e309`,
 * `0x10`, ` 5` stay text and are refused as "must be integer"), a boolean only from `true` or `false`, and a
 * list from one value or a repeated key. Anything else is handed to the schema unchanged, and refused there.
 *
 * Dates and times (`format: date-time`, `format: date`) must be real ones (no 30 February, no 24:00, no leap
 * second) within the years both JavaScript and PostgreSQL hold the same way; see EARLIEST_INSTANT.
 */

/** The first and last instants a request may name: PostgreSQL has no year 0, and neither store needs more. */
export const EARLIEST_INSTANT = Date.UTC(1000, 0, 1);
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return Number.isFinite(time) && time >= EARLIEST_INSTANT && time <= LATEST_INSTANT;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  // Not Date.UTC, which reads the years 0–99 as 1900–1999.
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, month - 1, day);
  return isRealDay(year, month, day) && isStorableInstant(midnight);
}

export function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const [offsetHours, offsetMinutes] = [Number(match[8] ?? 0), Number(match[9] ?? 0)];
  if (!isRealDay(year!, month!, day!) || hour! > 23 || minute! > 59 || second! > 59) return false;
  if (offsetHours > 23 || offsetMinutes > 59) return false;
  return isStorableInstant(new Date(text));
}

const INTEGER_TEXT = /^-?(?:0|[1-9]\d*)$/;
const NUMBER_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

interface SchemaNode {
  type?: string | string[];
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
}

/** The JSON types a schema node accepts, as far as a text needs to know. */
function typesOf(schema: SchemaNode): Set<string> {
  const types = new Set<string>();
  const add = (value: unknown) => types.add(Number.isInteger(value) ? 'integer' : typeof value);
  if (typeof schema.type === 'string') types.add(schema.type);
  if (Array.isArray(schema.type)) for (const type of schema.type) types.add(type);
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    for (const type of typesOf(branch)) types.add(type);
  if (schema.enum) for (const value of schema.enum) add(value);
  if ('const' in schema) add(schema.const);
  return types;
}

function itemsOf(schema: SchemaNode): SchemaNode {
  if (schema.items) return schema.items;
  const branch = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].find((node) => node.items);
  return branch?.items ?? {};
}

/** One text from a query, a path or a header, turned into what its schema asks for when it is written as one. */
export function fromText(schema: SchemaNode, value: unknown): unknown {
  const types = typesOf(schema);
  if (Array.isArray(value)) {
    return types.has('array') ? value.map((item) => fromText(itemsOf(schema), item)) : value;
  }
  if (typeof value !== 'string') return value;
  if (types.has('array') && !types.has('string')) return [fromText(itemsOf(schema), value)];
  if ((types.has('integer') || types.has('number')) && NUMBER_TEXT.test(value)) {
    const number = Number(value);
    if (types.has('integer') && INTEGER_TEXT.test(value) && Number.isSafeInteger(number)) return number;
    if (types.has('number') && Number.isFinite(number)) return number;
  }
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function convertTexts(schema: SchemaNode, data: unknown): void {
  if (data === null || typeof data !== 'object' || !schema.properties) return;
  const record = data as Record<string, unknown>;
  for (const [name, property] of Object.entries(schema.properties)) {
    if (Object.hasOwn(record, name)) record[name] = fromText(property, record[name]);
  }
}

const AJV_OPTIONS = {
  // Unknown fields are refused, not silently dropped: a person learns their request was not understood.
  removeAdditional: false,
  useDefaults: true,
  coerceTypes: false,
  // NaN and ±Infinity (a JSON body's 1e309 parses to Infinity) are not numbers.
  strictNumbers: true,
} as const;

function addStrictFormats(ajv: AjvCompiler.Ajv): void {
  ajv.addFormat('date', { type: 'string', validate: isDate });
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
}

/** Fastify's `schemaController.compilersFactory.buildValidator`: strict bodies, texts converted by their schema. */
export function buildStrictValidator(): AjvCompiler.BuildCompilerFromPool {
  const factory = AjvCompiler();
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, {
      ...options,
      mode: undefined,
      customOptions: { ...(options?.customOptions as Options | undefined), ...AJV_OPTIONS },
      onCreate: addStrictFormats,
    });
    return (route) => {
      const validate = compile(route);
      if (route.httpPart === 'body') return validate;
      const schema = route.schema as SchemaNode;
      const converting = ((data: unknown) => {
        convertTexts(schema, data);
        const valid = validate(data);
        converting.errors = validate.errors;
        return valid;
      }) as typeof validate;
      return converting;
    };
  };
}
