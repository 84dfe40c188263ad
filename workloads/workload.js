/**
 * What the demo workloads share: their settings from the environment, and the life of a workload
 * (a tick on a timer, a status line every minute, a clean exit on SIGTERM/SIGINT as `docker stop` sends).
 * Plain CommonJS with no dependencies: compose runs the scripts with `node` from the mounted folder.
 */
'use strict';

/** An integer setting from `process.env[name]`; a bad value stops the program with a clear message. */
function intFromEnv(program, name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${program}: ${name}=${JSON.stringify(raw)} is not an integer ≥ ${min}`);
    process.exit(2);
  }
  return value;
}

/**
 * Runs `tick` every `intervalMs`, prints `status()` every minute, prints `started` once the timers
 * run (the cgroup test waits for that line), and on a stop signal calls `onStop` and exits 0.
 */
function runWorkload({ intervalMs, tick, status, started, onStop = () => undefined }) {
  const timer = setInterval(tick, intervalMs);
  const report = setInterval(() => console.log(status()), 60_000);
  console.log(started);

  function stop() {
    clearInterval(timer);
    clearInterval(report);
    onStop();
    process.exit(0);
  }
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

module.exports = { intFromEnv, runWorkload };
