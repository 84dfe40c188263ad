#!/usr/bin/env node
/**
 * logwriter: behaves like sentinel-golang's metric log, the library behind MemLens's seed incident.
 * Every tick it appends metric lines to a log file and reads the new part back twice. Pages read again
 * after the access that brought them in move to the kernel's *active* file list (one read after a
 * write is not enough on current kernels), so this container's active page cache, and with it its
 * working set, grows while its heap stays flat. Files rotate at a size cap, so disk use is bounded
 * (files × file size), as sentinel's are (8 × 50 MiB by default).
 *
 * Environment:
 *   LOGWRITER_DIR             where the logs go (default ./logs/metrics)
 *   LOGWRITER_INTERVAL_MS     tick period (default 1000)
 *   LOGWRITER_BYTES_PER_TICK  bytes appended per tick (default 65536)
 *   LOGWRITER_FILE_BYTES      rotate when the current file reaches this size (default 50 MiB)
 *   LOGWRITER_FILES           files kept, the current one included (default 8)
 *   LOGWRITER_READS           times each new part is read back (default 2)
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { intFromEnv, runWorkload } = require('./workload');

const dir = process.env.LOGWRITER_DIR || path.join(process.cwd(), 'logs', 'metrics');
const intervalMs = intFromEnv('logwriter', 'LOGWRITER_INTERVAL_MS', 1000, 1);
const bytesPerTick = intFromEnv('logwriter', 'LOGWRITER_BYTES_PER_TICK', 65536, 1);
const fileBytes = intFromEnv('logwriter', 'LOGWRITER_FILE_BYTES', 50 * 1024 * 1024, 4096);
const files = intFromEnv('logwriter', 'LOGWRITER_FILES', 8, 1);
const reads = intFromEnv('logwriter', 'LOGWRITER_READS', 2, 0);

fs.mkdirSync(dir, { recursive: true });
const current = path.join(dir, 'memlens-metrics.log');
const rotated = (i) => `${current}.${i}`;

const resources = ['GET:/api/orders', 'GET:/api/users', 'POST:/api/pay', 'redis:get', 'mysql:query'];
let seq = 0;

/** One line shaped like sentinel's metric log: time|date|resource|pass|block|success|error|rt|... */
function metricLine(now) {
  const resource = resources[seq++ % resources.length];
  const pass = (seq * 7919) % 500;
  const block = (seq * 104729) % 7;
  const rt = 1 + ((seq * 31) % 250);
  return `${now}|${new Date(now).toISOString()}|${resource}|${pass}|${block}|${pass - block}|0|${rt}|0|${pass % 64}|0\n`;
}

function rotate() {
  fs.rmSync(rotated(files - 1), { force: true });
  for (let i = files - 2; i >= 1; i--) {
    if (fs.existsSync(rotated(i))) {
      fs.renameSync(rotated(i), rotated(i + 1));
    }
  }
  if (files > 1) {
    fs.renameSync(current, rotated(1));
  } else {
    fs.rmSync(current, { force: true });
  }
}

let fd = fs.openSync(current, 'a+');
let size = fs.fstatSync(fd).size;
const readBuffer = Buffer.allocUnsafe(Math.max(bytesPerTick * 2, 1 << 16));
let written = 0;

function tick() {
  const now = Date.now();
  let chunk = '';
  while (chunk.length < bytesPerTick) {
    chunk += metricLine(now);
  }
  const data = Buffer.from(chunk.slice(0, bytesPerTick));
  const start = size;
  fs.writeSync(fd, data, 0, data.length, start);
  size += data.length;
  written += data.length;
  // Read the new part back, as a metric searcher serving a dashboard does: each search opens the
  // file anew. (Through one descriptor, the kernel counts repeated reads of the same folio as one
  // access, and the pages would stay inactive.)
  for (let r = 0; r < reads; r++) {
    const reader = fs.openSync(current, 'r');
    try {
      for (let off = start; off < size;) {
        const n = fs.readSync(reader, readBuffer, 0, Math.min(readBuffer.length, size - off), off);
        if (n <= 0) {
          break;
        }
        off += n;
      }
    } finally {
      fs.closeSync(reader);
    }
  }
  if (size >= fileBytes) {
    fs.closeSync(fd);
    rotate();
    fd = fs.openSync(current, 'a+');
    size = 0;
  }
}

runWorkload({
  intervalMs,
  tick,
  status: () => `logwriter: ${written} bytes written to ${dir}`,
  started: `logwriter: ${bytesPerTick} B every ${intervalMs} ms into ${current}, read back ${reads}×, ${files} files of ${fileBytes} B`,
  onStop: () => fs.closeSync(fd),
});
