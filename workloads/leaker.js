#!/usr/bin/env node
/**
 * leaker: a slow memory leak. Every tick it allocates a buffer, writes to every page of it (untouched
 * pages are not resident, so they would not show in rss), and keeps it forever. Its anonymous memory
 * (rss), and with it its working set, grows steadily while its page cache stays flat.
 *
 * Environment:
 *   LEAKER_INTERVAL_MS  tick period (default 5000)
 *   LEAKER_CHUNK_BYTES  bytes retained per tick (default 1 MiB)
 *   LEAKER_MAX_BYTES    stop growing after this much, 0 = never (default 0)
 */
'use strict';
const { intFromEnv, runWorkload } = require('./workload');

const intervalMs = intFromEnv('leaker', 'LEAKER_INTERVAL_MS', 5000, 1);
const chunkBytes = intFromEnv('leaker', 'LEAKER_CHUNK_BYTES', 1024 * 1024, 1);
const maxBytes = intFromEnv('leaker', 'LEAKER_MAX_BYTES', 0, 0);
const PAGE = 4096;

const retained = [];
let held = 0;

function tick() {
  if (maxBytes > 0 && held + chunkBytes > maxBytes) {
    return;
  }
  // allocUnsafeSlow: outside Node's pool, so each chunk is its own allocation.
  const chunk = Buffer.allocUnsafeSlow(chunkBytes);
  for (let off = 0; off < chunkBytes; off += PAGE) {
    chunk[off] = (retained.length + off / PAGE) & 0xff || 1;
  }
  retained.push(chunk);
  held += chunkBytes;
}

runWorkload({
  intervalMs,
  tick,
  status: () => `leaker: holding ${held} bytes in ${retained.length} buffers`,
  started: `leaker: retaining ${chunkBytes} B every ${intervalMs} ms${maxBytes ? ` up to ${maxBytes} B` : ''}`,
});
