/**
 * The kernel facts the hot/idle verdict rests on, on a real kernel: scripts/record-trace.sh runs each
 * workload in a fresh cgroup v1 memory group with a limit and samples memory.stat.
 *   hotreader: cycles through 160 MiB of files under a 64 MiB limit, so every pass reads back pages
 *              the limit evicted: total_workingset_refault_file must climb steadily;
 *   idlelog:   the incident's log writer (appends, reads each new part back twice) below its limit:
 *              its cache grows, active, and nothing is read back from disk, so ~0 refaults.
 * Needs root and a writable /sys/fs/cgroup/memory; elsewhere it skips and says why.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const RECORDER = join(ROOT, 'scripts', 'record-trace.sh');
const CGROUP_ROOT = '/sys/fs/cgroup/memory';
const TMPFS_MAGIC = 0x01021994;
const PAGE = 4096;
const MiB = 1024 * 1024;
const RUN_S = 20;
/** Start-up (the hot reader writing its files, Node loading) is left out of the rates. */
const SETTLE_S = 6;

type Row = Record<string, number>;

function unavailable(): string | undefined {
  if (process.platform !== 'linux') {
    return `not Linux (${process.platform})`;
  }
  const probe = join(CGROUP_ROOT, `memlens-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (e) {
    return `cannot create a memory cgroup under ${CGROUP_ROOT} (cgroup v1 memory controller, as root): ${(e as Error).message}`;
  }
  const base = join(ROOT, '.cache');
  mkdirSync(base, { recursive: true });
  return statfsSync(base).type === TMPFS_MAGIC ? `${base} is on tmpfs, whose pages never refault` : undefined;
}

async function record(scenario: string, dir: string): Promise<Row[]> {
  const out = join(dir, `${scenario}.csv`);
  await promisify(execFile)(RECORDER, [scenario, out, String(RUN_S)], {
    env: { ...process.env, MEMLENS_TRACE_DIR: dir },
  });
  const [head, ...lines] = readFileSync(out, 'utf8').trim().split('\n');
  const columns = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], Number(v)])));
}

/** Refaulted pages from SETTLE_S after the first sample to the last, and the seconds they span. */
function refaultsAfterSettle(rows: Row[]): { pages: number; seconds: number } {
  const from = rows.find((r) => r.t - rows[0].t >= SETTLE_S)!;
  const last = rows[rows.length - 1];
  return { pages: last.refault_file - from.refault_file, seconds: last.t - from.t };
}

const reason = unavailable();
if (reason) {
  process.stdout.write(`refaults.test.ts skipped: ${reason}\n`);
}
const maybe = reason ? describe.skip : describe;

maybe('refaults on a real kernel (cgroup v1)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(ROOT, '.cache', 'memlens-refaults-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a reader cycling through more files than its limit refaults steadily', async () => {
    const rows = await record('hotreader', dir);
    const { pages, seconds } = refaultsAfterSettle(rows);
    process.stdout.write(`hotreader: ${pages} pages refaulted in ${seconds.toFixed(1)} s\n`);
    // It reads ~32 MiB/s, nearly all of it evicted since the last pass: at least 8 MiB/s must refault.
    expect(pages * PAGE).toBeGreaterThanOrEqual(8 * MiB * seconds);
    // Refaults in every third of the run, not one burst.
    const settled = rows.filter((r) => r.t - rows[0].t >= SETTLE_S);
    const thirds = [0, 1, 2, 3].map((i) => settled[Math.min(settled.length - 1, Math.floor((i * settled.length) / 3))]);
    for (let i = 0; i < 3; i++) {
      expect(thirds[i + 1].refault_file - thirds[i].refault_file).toBeGreaterThan(0.2 * (pages / 3));
    }
    // The cache stays under the 64 MiB limit the whole time: the limit is what evicts.
    expect(Math.max(...rows.map((r) => r.usage))).toBeLessThanOrEqual(rows[0].limit);
  }, 60_000);

  it('the log writer below its limit reads nothing back from disk', async () => {
    const rows = await record('idlelog', dir);
    const { pages, seconds } = refaultsAfterSettle(rows);
    const last = rows[rows.length - 1];
    process.stdout.write(
      `idlelog: ${pages} pages refaulted in ${seconds.toFixed(1)} s, active file ${(last.active_file / MiB).toFixed(1)} MiB\n`
    );
    // Its cache grew and went active (read back twice while still cached) ...
    expect(last.active_file).toBeGreaterThan(8 * MiB);
    // ... without a read from disk: at most 1 MiB over the run (the hot reader does 8 MiB/s or more).
    expect(pages * PAGE).toBeLessThanOrEqual(1 * MiB);
  }, 60_000);
});
