import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A free loopback port, found by letting the kernel pick one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface AppProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts Huying as `npm start` does (scripts/start.mjs: src/ bundled, run by plain Node) in a process of its own. */
export function spawnApp(env: Record<string, string>, port: number): AppProcess {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, NODE_ENV: 'development', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Polls /healthz until it answers 200; fails with the process's output if it exits or the time runs out. */
export async function waitHealthy(app: AppProcess, timeoutMs = 90_000): Promise<number> {
  const started = performance.now();
  let exitCode: number | null | undefined;
  void app.exited.then((code) => {
    exitCode = code;
  });
  while (performance.now() - started < timeoutMs) {
    if (exitCode !== undefined)
      throw new Error(`the app exited (${exitCode}) before it was healthy:\n${app.output()}`);
    try {
      const response = await fetch(`${app.url}/healthz`);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the app was not healthy within ${timeoutMs} ms:\n${app.output()}`);
}
