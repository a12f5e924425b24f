import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH } from '../src/http/plugins/problems.ts';
import { type Answer, startTestServer, TestClient, type TestServer } from './support/test-server.ts';
import { openTestStore, type TestStore } from './support/test-store.ts';

/**
 * Bad input is refused, never a 500. Every operation of the OpenAPI document the app serves is sent generated
 * path parameters, query strings and bodies, derived from its own schemas and bent towards what breaks servers
 * (wrong types, null, ±Infinity as text, 1e309, dates out of range, NUL, lone surrogates, deep nesting, long
 * texts, unknown fields), as every demo role and signed out. Every answer must be below 500, carry no stack
 * trace, and every refusal must be application/problem+json; a refusal by the schema names the field.
 *
 * `npm test` runs a fixed seed and a bounded count. HUYING_FUZZ_SEED=random (or a number) and
 * HUYING_FUZZ_RUNS=<runs per operation> ask for another: a failure prints the seed and the shrunk request.
 */

const DEFAULT_SEED = 20_261_203;
const DEFAULT_RUNS = 12;
const seed =
  process.env.HUYING_FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.HUYING_FUZZ_SEED ?? DEFAULT_SEED);
const runsPerOperation = Number(process.env.HUYING_FUZZ_RUNS ?? DEFAULT_RUNS);

const ROLES = [
  'resident',
  'grid-worker',
  'grid-leader',
  'community-staff',
  'street-dispatcher',
  'street-head',
  'department-officer',
  'department-head',
  'district-dispatcher',
  'supervision-office',
  'leader',
  'admin',
] as const;
type Caller = (typeof ROLES)[number] | 'signed-out';

// biome-ignore lint/suspicious/noExplicitAny: a JSON schema from the OpenAPI document, read as it comes
type Schema = Record<string, any>;
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: Schema | null;
}

/** Values that have broken servers like this one; each may stand in for any value anywhere. */
const HOSTILE: unknown[] = [
  null,
  '',
  [],
  {},
  ['a'],
  12345,
  -1,
  0,
  1.5,
  2 ** 53 + 2,
  1e308,
  -1e308,
  true,
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '0x10',
  ' 5',
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '9999-12-31T23:59:59-14:00',
  '+275760-09-13T00:00:00.000Z',
  '2025-02-30T24:00:60Z',
  'a\u0000b',
  '\ud800',
  '%00',
  "'; drop table events; --",
  '../../etc/passwd',
  '__proto__',
  'x'.repeat(5000),
  '路灯不亮'.repeat(600),
];

/** Known codes and ids of the demo district, so that generated requests reach past "not found" now and then. */
const known = { codes: [] as string[], uuids: [] as string[], ids: [] as number[] };

const nested = (depth: number): unknown => {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level++) value = level % 2 ? { a: value } : [value];
  return value;
};

function textFor(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date-time')
    return fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2100-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  if (schema.format === 'date')
    return fc
      .date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2100-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'uuid')
    return known.uuids.length ? fc.oneof(fc.constantFrom(...known.uuids), fc.uuid()) : fc.uuid();
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri') return fc.webUrl();
  if (typeof schema.pattern === 'string') {
    const matching = fc.stringMatching(new RegExp(schema.pattern));
    const codes = known.codes.filter((code) => new RegExp(schema.pattern).test(code));
    return codes.length ? fc.oneof(fc.constantFrom(...codes), matching) : matching;
  }
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
}

/** A value for a schema: mostly of its shape, sometimes anything at all. */
function valueFor(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
  const hostile = fc.oneof(
    fc.constantFrom(...HOSTILE),
    fc.constant(nested(40)),
    fc.jsonValue({ maxDepth: 2 }),
  );
  return fc.oneof({ weight: 1, arbitrary: hostile }, { weight: 4, arbitrary: shapedFor(schema, depth) });
}

function shapedFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) return fc.oneof(...branches.map((branch: Schema) => shapedFor(branch, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return textFor(schema);
    case 'integer': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 1_000_000;
      const ids = known.ids.filter((id) => id >= min && id <= max);
      const integers = fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) });
      return ids.length ? fc.oneof(fc.constantFrom(...ids), integers) : integers;
    }
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueFor(schema.items ?? {}, depth + 1), {
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      const fields = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, valueFor(property, depth + 1)]),
      );
      return fc
        .tuple(
          fc.record(fields, { requiredKeys: [...required] }),
          fc.subarray([...required]),
          fc.option(
            fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
          ),
        )
        .map(([record, dropped, extra]) => {
          const value: Record<string, unknown> = { ...(extra ?? {}), ...record };
          // Now and then a required field is left out.
          if (dropped.length > 0 && dropped.length < 2) for (const name of dropped) delete value[name];
          return value;
        });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A path parameter, a query value or a header as text: from the shaped value, or any text. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A text as one path segment; a lone surrogate goes out as the bytes it would be, which are not UTF-8. */
function pathSegment(text: string): string {
  if (text === '') return '%20';
  if (text.isWellFormed()) return encodeURIComponent(text);
  return encodeURIComponent(text.toWellFormed()).replaceAll('%EF%BF%BD', '%ED%A0%80');
}

interface GeneratedRequest {
  caller: Caller;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: unknown;
}

function requestFor(operation: Operation): fc.Arbitrary<GeneratedRequest> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const headerParameters = operation.parameters.filter((parameter) => parameter.in === 'header');
  const path = fc
    .tuple(...pathParameters.map((parameter) => valueFor(parameter.schema)))
    .map((values) =>
      pathParameters.reduce(
        (built, parameter, index) => built.replace(`{${parameter.name}}`, pathSegment(textOf(values[index]))),
        operation.path,
      ),
    );
  const query = fc
    .array(
      fc.oneof(
        ...queryParameters.map((parameter) =>
          fc.tuple(fc.constant(parameter.name), valueFor(parameter.schema)).chain(([name, value]) =>
            // A list is sent as a repeated key, as browsers do.
            fc.constant<[string, string][]>(
              Array.isArray(value) && value.length > 0
                ? value.map((item) => [name, textOf(item)])
                : [[name, textOf(value)]],
            ),
          ),
        ),
        fc.constant<[string, string][]>([['unknown', '1']]),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => pairs.flat());
  const headers = fc
    .tuple(...headerParameters.map((parameter) => fc.option(valueFor(parameter.schema), { freq: 4 })))
    .map((values) =>
      Object.fromEntries(
        headerParameters.flatMap((parameter, index) => {
          const value = values[index];
          if (value === null || value === undefined) return [];
          // Header values are Latin-1 without control characters; anything else fetch itself refuses to send.
          const text = textOf(value).replace(/[^\x20-\x7e]/g, '?');
          return [
            [parameter.name, parameter.name === 'idempotency-key' && text.length >= 8 ? randomUUID() : text],
          ];
        }),
      ),
    );
  const body = operation.body ? valueFor(operation.body) : fc.option(fc.jsonValue({ maxDepth: 2 }));
  return fc.record({
    caller: fc.constantFrom<Caller>(...ROLES, 'signed-out'),
    path,
    query: queryParameters.length ? query : fc.constant([]),
    headers,
    body,
  });
}

let store: TestStore;
let server: TestServer;
const sessions = new Map<Caller, string>();
let operations: Operation[] = [];
let sent = 0;

async function send(operation: Operation, generated: GeneratedRequest): Promise<Answer> {
  const search = new URLSearchParams(generated.query).toString();
  const cookie = sessions.get(generated.caller);
  const abort = new AbortController();
  const response = await fetch(`${server.url}${generated.path}${search ? `?${search}` : ''}`, {
    method: operation.method,
    signal: abort.signal,
    headers: {
      'accept-language': generated.query.length % 2 ? 'en' : 'zh-CN',
      ...(generated.body !== null && generated.body !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
      ...(cookie ? { cookie } : {}),
      ...generated.headers,
    },
    ...(generated.body !== null && generated.body !== undefined && operation.method !== 'GET'
      ? { body: JSON.stringify(generated.body) }
      : {}),
  });
  sent++;
  const contentType = response.headers.get('content-type') ?? '';
  // A live stream that opened is not read to its end.
  if (contentType.startsWith('text/event-stream')) {
    abort.abort();
    return { status: response.status, headers: response.headers, body: '' };
  }
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: contentType.includes('json') && text ? JSON.parse(text) : text,
  };
}

const WHERE_WORDS = ['请求体', '查询参数', '路径参数', '请求头', 'body', 'query', 'path', 'header'];

function check(answer: Answer, generated: GeneratedRequest): void {
  const shown = `${answer.status} ${JSON.stringify(answer.body).slice(0, 400)} for ${JSON.stringify(generated).slice(0, 600)}`;
  expect(answer.status, shown).toBeLessThan(500);
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  expect(text, shown).not.toMatch(/\bat [^ ]+ \(?[^ ]*:\d+:\d+\)?|node_modules|\.ts:\d+/);
  if (answer.status < 400) return;
  expect(answer.headers.get('content-type'), shown).toMatch(/^application\/problem\+json/);
  expect(answer.body, shown).toMatchObject({ status: answer.status });
  expect(typeof answer.body.title, shown).toBe('string');
  expect(typeof answer.body.detail, shown).toBe('string');
  const first = answer.body.errors?.[0];
  if (answer.status === 400 && first) {
    // A refusal by the schema says where (body, query, path, header) and which field.
    expect(
      WHERE_WORDS.some((word) => answer.body.detail.includes(word)),
      shown,
    ).toBe(true);
    const field =
      first.params?.missingProperty ??
      first.params?.additionalProperty ??
      String(first.path).split('/').filter(Boolean).at(-1);
    if (field) expect(answer.body.detail, shown).toContain(field);
  }
}

beforeAll(async () => {
  store = await openTestStore({ demo: true });
  server = await startTestServer(store);
  for (const role of ROLES) {
    const client = new TestClient(server.url);
    await client.signIn(`demo-${role}`, 'huying-demo');
    sessions.set(role, client.cookie ?? '');
  }
  // A few real cases, codes and ids, for the generated requests to find now and then.
  const worker = new TestClient(server.url);
  worker.cookie = sessions.get('grid-worker') ?? null;
  const me = await worker.get('/api/v1/me');
  for (let report = 0; report < 3; report++) {
    const answer = await worker.post(
      '/api/v1/events',
      { catalogueItemCode: '01037', description: '路灯不亮', areaCode: me.body.area.code },
      { 'idempotency-key': randomUUID() },
    );
    expect(answer.status).toBe(201);
    known.uuids.push(answer.body.id);
  }
  const admin = new TestClient(server.url);
  admin.cookie = sessions.get('admin') ?? null;
  const areas = await admin.get('/api/v1/areas?limit=5');
  const departments = await admin.get('/api/v1/departments');
  const users = await admin.get('/api/v1/users?limit=20');
  known.codes.push(
    me.body.area.code,
    '01037',
    ...areas.body.items.map((area: { code: string }) => area.code),
    ...departments.body.items.slice(0, 5).map((department: { code: string }) => department.code),
  );
  known.ids.push(...users.body.items.map((user: { id: number }) => user.id));

  const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
      >
    >;
  };
  operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema ?? null,
    })),
  );
  // Reads first, then writes, and signing out last, so that writes (a disabled account, a changed role) do not
  // take the callers of the reads away.
  const rank = (operation: Operation) =>
    operation.method === 'GET'
      ? 0
      : operation.path === '/api/v1/session' && operation.method === 'DELETE'
        ? 2
        : 1;
  operations.sort((a, b) => rank(a) - rank(b));
});

afterAll(async () => {
  await server?.close();
  await store?.close();
});

describe('bad input is refused, never a 500', () => {
  it('a body nested 5,000 levels deep is refused by name on every JSON endpoint, signed in or not', async () => {
    // About 10 KB, as the tester sent: written out, since JSON.stringify itself would recurse 5,000 deep.
    const deep = `${'{"a":['.repeat(2500)}1${']}'.repeat(2500)}`;
    const writes = operations.filter((operation) => operation.body !== null);
    expect(writes.length).toBeGreaterThan(20);
    for (const operation of writes) {
      for (const caller of ['signed-out', 'admin'] as const) {
        const cookie = sessions.get(caller);
        const response = await fetch(`${server.url}${operation.path.replace(/\{[^}]+\}/g, '1')}`, {
          method: operation.method,
          headers: {
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
            ...(cookie ? { cookie } : {}),
          },
          body: deep,
        });
        const shown = `${operation.method} ${operation.path} as ${caller}`;
        expect(response.status, shown).toBe(400);
        expect(response.headers.get('content-type'), shown).toMatch(/^application\/problem\+json/);
        expect(((await response.json()) as { detail: string }).detail, shown).toContain(`${MAX_BODY_DEPTH}`);
      }
    }
  });

  describe('the examples the hostile tester found', () => {
    const refusedByName = async (caller: Caller, path: string, field: string) => {
      const cookie = sessions.get(caller);
      const response = await fetch(`${server.url}${path}`, {
        headers: { 'accept-language': 'en', ...(cookie ? { cookie } : {}) },
      });
      const body = (await response.json()) as { detail: string };
      expect(response.status, `${path}: ${body.detail}`).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body.detail, path).toContain(field);
    };

    it('limit, after, before and year as Infinity or 1e309 are refused by name on every list', async () => {
      const lists: [string, string[]][] = [
        ['/api/v1/users', ['limit', 'after']],
        ['/api/v1/areas', ['limit']],
        ['/api/v1/events', ['limit']],
        ['/api/v1/notifications', ['limit', 'before']],
        ['/api/v1/calendar', ['year']],
        ['/api/v1/scores/departments', ['year']],
        ['/api/v1/scores/entries', ['limit', 'after']],
      ];
      for (const [path, fields] of lists)
        for (const field of fields)
          for (const value of ['Infinity', '1e309', '-Infinity', 'NaN', '0x10'])
            await refusedByName('admin', `${path}?${field}=${value}`, field);
    });

    it('dates out of range, or not real, are refused by name; a cursor holding an extreme date too', async () => {
      for (const from of [
        '0000-01-01T00:00:00Z',
        '+275760-09-13T00:00:00.000Z',
        '2025-02-30T00:00:00Z',
        '2025-01-01T24:00:00Z',
      ])
        for (const path of ['/api/v1/events', '/api/v1/events/map', '/api/v1/scores/entries'])
          await refusedByName('admin', `${path}?from=${encodeURIComponent(from)}`, 'from');
      await refusedByName('leader', '/api/v1/indicators?period=week&anchor=9999-12-31', 'anchor');
      for (const at of [
        '0000-01-01T00:00:00.000Z',
        '+275760-09-13T00:00:00.000Z',
        '-000001-01-01T00:00:00.000Z',
      ]) {
        const cursor = Buffer.from(`${at}|${randomUUID()}`).toString('base64url');
        await refusedByName('admin', `/api/v1/events?cursor=${cursor}`, 'cursor');
      }
    });

    it('a body is taken as sent: null is not 0, an array is not a string, a number is not a string', async () => {
      const worker = new TestClient(server.url, 'en');
      worker.cookie = sessions.get('grid-worker') ?? null;
      const report = { catalogueItemCode: '01037', description: '路灯不亮', areaCode: known.codes[0] };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...report, location: { lng: null, lat: null } }, 'location.lng'],
        [{ ...report, description: ['a'] }, 'description'],
        [{ ...report, description: 12345 }, 'description'],
        [{ ...report, attachmentIds: 'x' }, 'attachmentIds'],
        [{ ...report, location: { lng: '116.4', lat: 39.9 } }, 'location.lng'],
      ];
      for (const [body, field] of cases) {
        const answer = await worker.post('/api/v1/events', body, { 'idempotency-key': randomUUID() });
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.detail).toContain(field);
      }
    });
  });

  // Last: its generated writes may disable accounts or change their roles, which the tests above rely on.
  it(`every operation of the OpenAPI document, ${runsPerOperation} generated requests each (seed ${seed}), as every role and signed out`, async () => {
    expect(operations.length).toBeGreaterThan(60);
    const started = performance.now();
    // Every operation is fuzzed even when an earlier one fails, so that one run shows every failing operation.
    const failures: string[] = [];
    for (const [index, operation] of operations.entries()) {
      try {
        await fc.assert(
          fc.asyncProperty(requestFor(operation), async (generated) => {
            check(await send(operation, generated), generated);
          }),
          { seed: seed + index, numRuns: runsPerOperation },
        );
      } catch (error) {
        const cause = error instanceof Error ? String(error.cause ?? error).slice(0, 700) : String(error);
        const seedLine = error instanceof Error ? (error.message.split('\n')[1] ?? '') : '';
        failures.push(`${operation.method} ${operation.path} ${seedLine}: ${cause}`);
      }
    }
    expect(failures).toEqual([]);
    console.log(
      `fuzzed ${operations.length} operations with ${sent} requests (seed ${seed}) in ${Math.round(performance.now() - started)} ms`,
    );
  });
});
