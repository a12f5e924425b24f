/**
 * The load client of `bench --only locate`, run in a process of its own so that its work does not share an event
 * loop with the bench: `node --import tsx scripts/bench/locate-client.ts <base URL> <points.json> <in flight>`,
 * with the session cookie in HUYING_BENCH_COOKIE. Sends GET /api/v1/areas/locate for each point (kept-alive
 * connections, as many as in flight), after a warm-up of the first tenth, and prints {"perSecond": …} on stdout.
 */
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';

const [baseUrl, pointsFile, inFlightArgument] = process.argv.slice(2);
if (!baseUrl || !pointsFile || !inFlightArgument) {
  console.error('usage: locate-client.ts <base URL> <points.json> <in flight>');
  process.exit(2);
}
const inFlight = Number(inFlightArgument);
const cookie = process.env.HUYING_BENCH_COOKIE ?? '';
const points = JSON.parse(await readFile(pointsFile, 'utf8')) as [number, number][];
const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
const { hostname, port } = new URL(baseUrl);

function locate([lng, lat]: [number, number]): Promise<void> {
  return new Promise((resolve, reject) => {
    const asked = request(
      { agent, hostname, port, path: `/api/v1/areas/locate?lng=${lng}&lat=${lat}`, headers: { cookie } },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve()
            : reject(new Error(`locate answered ${response.statusCode}`)),
        );
      },
    );
    asked.on('error', reject);
    asked.end();
  });
}

async function run(from: number, to: number): Promise<number> {
  let cursor = from;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (cursor < to) await locate(points[cursor++] as [number, number]);
    }),
  );
  return (to - from) / ((performance.now() - started) / 1000);
}

const warmUp = Math.floor(points.length / 10);
await run(0, warmUp);
const perSecond = await run(warmUp, points.length);
agent.destroy();
console.log(JSON.stringify({ perSecond, requests: points.length - warmUp }));
