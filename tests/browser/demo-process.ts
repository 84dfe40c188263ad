/**
 * `npm run demo` as a user starts it, for the demo specs: `node scripts/demo.mjs` on a free port
 * (PORT=0, so a developer's own demo on 3001 does not get in the way), its URL read from what it prints.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { repoRoot } from './fixtures';

export interface DemoProcess {
  /** e.g. http://127.0.0.1:40123, without the trailing slash */
  url: string;
  /** Everything the command printed so far. */
  output(): string;
  /** SIGTERM, SIGKILL after 5 s; resolves when it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the demo; `prometheusUrl` turns on its live mode. Rejects with the output if no URL is printed. */
export async function startDemo(prometheusUrl = '', timeoutMs = 120_000): Promise<DemoProcess> {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'demo.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', PROMETHEUS_URL: prometheusUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    })
  );
  const stop = async () => {
    if (exited) {
      return;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the demo printed no URL within ${timeoutMs / 1000} s:\n${output}`)),
        timeoutMs
      );
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /MemLens demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('error', (e) => reject(new Error(`the demo did not start: ${e.message}`)));
      void exit.then(() => reject(new Error(`the demo exited with ${child.exitCode}:\n${output}`)));
    });
    return { url, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
