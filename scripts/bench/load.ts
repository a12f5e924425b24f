/**
 * The intake load, run by the bench as a process of its own: reports events with `POST /api/v1/events` to one or
 * more app processes, `--in-flight` requests at a time to each, for `--warm-up` seconds unmeasured and then
 * `--seconds` measured. Each report carries a fresh Idempotency-Key, which it also writes into the description,
 * so that the events in the store can be counted against the acknowledgements. Prints its figures as JSON on the
 * last line; writes every acknowledged key (201) to `--keys`, one a line.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD } from '../../src/commands/load-demo-district.ts';
import { buildDemoDistrict } from '../../src/demo/district.ts';
import { pointsInside } from './support.ts';

export interface TargetResult {
  url: string;
  /** 201s completed inside the measured window. */
  measured: number;
  ratePerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Every answer by status (or the error code of a failed request), warm-up and tail included. */
  statuses: Record<string, number>;
}

export interface LoadResult {
  seconds: number;
  targets: TargetResult[];
  ratePerSecond: number;
  acknowledged: number;
}

const { values } = parseArgs({
  options: {
    targets: { type: 'string' },
    'in-flight': { type: 'string', default: '16' },
    'warm-up': { type: 'string', default: '2' },
    seconds: { type: 'string', default: '15' },
    keys: { type: 'string' },
    username: { type: 'string', default: 'demo-grid-worker' },
  },
});
const targets = (values.targets ?? '').split(',').filter(Boolean);
if (targets.length === 0) throw new Error('--targets url[,url…] is required');
const inFlight = Number(values['in-flight']);
const warmUpMs = Number(values['warm-up']) * 1000;
const measuredMs = Number(values.seconds) * 1000;

const agent = new Agent({ keepAlive: true, maxSockets: inFlight * targets.length });

function send(
  url: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; cookie: string | null }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'accept-language': 'zh-CN',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0];
          resolve({ status: res.statusCode ?? 0, body: text, cookie: setCookie?.split(';')[0] ?? null });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const points = pointsInside(buildDemoDistrict('district').areas, 20_000);
const acknowledged: string[] = [];
const failures: string[] = [];
let cursor = 0;

const sessions = await Promise.all(
  targets.map(async (url) => {
    const answer = await send(
      url,
      'POST',
      '/api/v1/session',
      { username: values.username, password: DEMO_PASSWORD },
      {},
    );
    if (answer.status !== 200 || !answer.cookie)
      throw new Error(`sign-in at ${url} answered ${answer.status}: ${answer.body}`);
    return answer.cookie;
  }),
);

const started = performance.now();
const measureFrom = started + warmUpMs;
const stopAt = measureFrom + measuredMs;

const results = await Promise.all(
  targets.map(async (url, targetIndex) => {
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (performance.now() < stopAt) {
          const [lng, lat] = points[cursor++ % points.length]!;
          const key = randomUUID();
          const sentAt = performance.now();
          let status: string;
          try {
            const answer = await send(
              url,
              'POST',
              '/api/v1/events',
              { catalogueItemCode: '01037', description: `路灯不亮 bench ${key}`, location: { lng, lat } },
              { cookie: sessions[targetIndex]!, 'idempotency-key': key },
            );
            status = String(answer.status);
            if (answer.status === 201) acknowledged.push(key);
            else if (failures.length < 5)
              failures.push(`${url} ${answer.status}: ${answer.body.slice(0, 300)}`);
          } catch (error) {
            status = (error as NodeJS.ErrnoException).code ?? 'error';
            if (failures.length < 5) failures.push(`${url} ${String(error)}`);
          }
          const doneAt = performance.now();
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === '201' && doneAt >= measureFrom && doneAt <= stopAt) latencies.push(doneAt - sentAt);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return {
      url,
      measured: latencies.length,
      ratePerSecond: latencies.length / (measuredMs / 1000),
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies.at(-1) ?? Number.NaN,
      statuses,
    } satisfies TargetResult;
  }),
);
agent.destroy();
if (values.keys) await writeFile(values.keys, acknowledged.length > 0 ? `${acknowledged.join('\n')}\n` : '');
for (const failure of failures) process.stderr.write(`load: ${failure}\n`);
const result: LoadResult = {
  seconds: measuredMs / 1000,
  targets: results,
  ratePerSecond: results.reduce((sum, target) => sum + target.ratePerSecond, 0),
  acknowledged: acknowledged.length,
};
console.log(JSON.stringify(result));
