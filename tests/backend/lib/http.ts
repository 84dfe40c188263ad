/**
 * Minimal HTTP client for the real-stack tests. jest's jsdom environment (needed by @grafana/data) hides
 * Node's fetch, so this speaks node:http directly. Bodies can be streamed from a file: the backfill
 * files are hundreds of MB and must not be read into one string.
 */
import { createReadStream } from 'node:fs';
import { request } from 'node:http';

export interface HttpResponse {
  status: number;
  text: string;
}

export interface HttpOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** A request body, or `{ file }` to stream a file. */
  body?: string | { file: string };
  timeoutMs?: number;
}

export function http(url: string, options: HttpOptions = {}): Promise<HttpResponse> {
  const { method = 'GET', headers = {}, body, timeoutMs = 60_000 } = options;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => reject(new Error(`${method} ${url}: ${e.message}`)));
    if (body === undefined) {
      req.end();
    } else if (typeof body === 'string') {
      req.end(body);
    } else {
      const stream = createReadStream(body.file);
      stream.on('error', (e) => req.destroy(e));
      stream.pipe(req);
    }
  });
}

/** GET/POST and parse a JSON answer; a non-2xx status or unparsable body throws with the server's words. */
export async function httpJson<T>(url: string, options: HttpOptions = {}): Promise<T> {
  const res = await http(url, options);
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    throw new Error(`${options.method ?? 'GET'} ${url}: HTTP ${res.status}, not JSON: ${res.text.slice(0, 500)}`);
  }
  if (res.status < 200 || res.status >= 300) {
    const detail = (parsed as { error?: string }).error ?? res.text.slice(0, 500);
    throw new Error(`${options.method ?? 'GET'} ${url}: HTTP ${res.status}: ${detail}`);
  }
  return parsed as T;
}
