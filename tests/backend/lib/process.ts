/**
 * Starting and stopping the real servers (Prometheus, VictoriaMetrics) and running their tools.
 * Every server binds 127.0.0.1 on a free port, logs into a ring buffer (quoted when it fails), and
 * is killed when the test process exits even if a test forgot to stop it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

import { http } from './http';

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
      );
    });
  });
}

export interface RunningServer {
  name: string;
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  pid: number;
  /** The last lines the server printed. */
  log(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartServerOptions {
  name: string;
  command: string;
  args: string[];
  port: number;
  /** Path polled until it answers 200, e.g. `/-/ready`. */
  readyPath: string;
  readyTimeoutMs?: number;
}

const LOG_LIMIT = 16_384;

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { name, command, args, port, readyPath, readyTimeoutMs = 30_000 } = options;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-LOG_LIMIT);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let exitCode: number | string | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      live.delete(child);
      resolve();
    });
    child.once('error', (e) => {
      exitCode = e.message;
      append(Buffer.from(`\n${command}: ${e.message}\n`));
      live.delete(child);
      resolve();
    });
  });

  const stop = async () => {
    if (exitCode !== undefined) {
      return;
    }
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`${name} exited (${exitCode}) before it was ready. Its output:\n${log}`);
    }
    const res = await http(url + readyPath, { timeoutMs: 2_000 }).catch(() => undefined);
    if (res?.status === 200) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} not ready on ${url}${readyPath} within ${readyTimeoutMs} ms. Its output:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name, url, pid: child.pid!, log: () => log, stop };
}

/** Runs a command to completion; a non-zero exit throws with its output. */
export function runTool(
  command: string,
  args: string[],
  timeoutMs = 120_000
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout = (stdout + c.toString('utf8')).slice(-LOG_LIMIT)));
    child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-LOG_LIMIT)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(new Error(`${command}: ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (code === 0) {
        resolve({ stdout, stderr });
      } else {
        reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}):\n${stderr}\n${stdout}`));
      }
    });
  });
}
