import { spawn } from 'node:child_process';

/**
 * Runs a bench script (`scripts/bench/<name>.ts`) in a Node process of its own, so that its work never shares the
 * bench's event loop, and returns the JSON it printed as its last line of stdout.
 */
export function runScript<T>(script: string, args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}:\n${stderr || stdout}`));
      try {
        if (stderr.trim()) process.stderr.write(stderr);
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result:\n${stdout}\n${stderr}`));
      }
    });
  });
}
