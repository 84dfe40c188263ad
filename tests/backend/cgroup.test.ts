/**
 * The docker compose demo's workloads, proven on a real kernel without Docker: each runs in its own
 * cgroup v1 memory controller group, its memory.stat is sampled as cAdvisor would read it, and the
 * samples go through the real analysis (ingest → decompose → detect → explain).
 *   logwriter: the working set must grow by active file cache (its logs, read back twice), not rss;
 *   leaker:    the working set must grow by rss, not cache.
 * Needs root and a writable /sys/fs/cgroup/memory; elsewhere it skips and says why.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { dataFrameFromJSON } from '@grafana/data';

import { analyzeFrames } from '../../src/analysis/pipeline';
import { toWireFrame } from '../../src/scenarios/wire';

const ROOT = join(__dirname, '..', '..');
const CGROUP_ROOT = '/sys/fs/cgroup/memory';
const TMPFS_MAGIC = 0x01021994;
const MiB = 1024 * 1024;
const RUN_MS = 24_000;
const SAMPLE_MS = 500;
/** Node's own start-up (heap, JIT) adds a few MiB of rss in the first seconds: sample after it. */
const SETTLE_MS = 2_000;
/** Scrape spacing the samples are re-stamped to, as the fixture traces are (tests/fixtures/cgroup-traces). */
const SCRAPE_MS = 15_000;

interface Sample {
  usage: number;
  rss: number;
  cache: number;
  activeFile: number;
  inactiveFile: number;
  kmem: number;
  workingSet: number;
}

/** Why the cgroup tests cannot run here, or undefined when they can. */
function unavailable(): string | undefined {
  if (process.platform !== 'linux') {
    return `not Linux (${process.platform})`;
  }
  const probe = join(CGROUP_ROOT, `memlens-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return undefined;
  } catch (e) {
    return `cannot create a memory cgroup under ${CGROUP_ROOT} (cgroup v1 memory controller, as root): ${(e as Error).message}`;
  }
}

/** A directory on a disk filesystem: tmpfs pages are shmem, not the file cache under test. */
function diskTempDir(): string | undefined {
  for (const base of [join(ROOT, '.cache'), '/var/tmp']) {
    try {
      mkdirSync(base, { recursive: true });
      if (statfsSync(base).type !== TMPFS_MAGIC) {
        return mkdtempSync(join(base, 'memlens-cgroup-'));
      }
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function readSample(cg: string): Sample {
  const usage = Number(readFileSync(join(cg, 'memory.usage_in_bytes'), 'utf8'));
  const kmem = Number(readFileSync(join(cg, 'memory.kmem.usage_in_bytes'), 'utf8'));
  const stat: Record<string, number> = {};
  for (const line of readFileSync(join(cg, 'memory.stat'), 'utf8').split('\n')) {
    const [key, value] = line.split(' ');
    if (key) {
      stat[key] = Number(value);
    }
  }
  const inactiveFile = stat.total_inactive_file;
  // cAdvisor's working set: usage − inactive file, clamped at 0.
  return { usage, rss: stat.total_rss, cache: stat.total_cache, activeFile: stat.total_active_file, inactiveFile, kmem, workingSet: Math.max(0, usage - inactiveFile) };
}

class CgroupRun {
  readonly cg: string;
  child?: ChildProcess;
  output = '';

  constructor(readonly name: string) {
    this.cg = join(CGROUP_ROOT, `memlens-test-${process.pid}-${name}`);
  }

  /** Starts `node workloads/<script>` inside the cgroup; resolves once it has printed its start line. */
  async start(script: string, env: Record<string, string>): Promise<void> {
    mkdirSync(this.cg);
    // The shell puts itself in the cgroup, then execs node: the workload is born inside it.
    const child = spawn('sh', ['-c', `echo $$ > ${this.cg}/cgroup.procs && exec "${process.execPath}" workloads/${script}`], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (this.output += c.toString('utf8')));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} printed nothing within 10 s: ${this.output}`)), 10_000);
      child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${this.output}`)));
      child.stdout!.on('data', () => {
        if (this.output.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const procs = readFileSync(join(this.cg, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
    if (!procs.includes(child.pid!)) {
      throw new Error(`${script} (pid ${child.pid}) is not in ${this.cg}: ${procs.join(', ')}`);
    }
  }

  async sample(durationMs: number, intervalMs: number): Promise<Sample[]> {
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const samples: Sample[] = [];
    for (let elapsed = 0; elapsed <= durationMs; elapsed += intervalMs) {
      samples.push(readSample(this.cg));
      await new Promise((r) => setTimeout(r, intervalMs));
    }
    return samples;
  }

  /** Kills the workload and removes the cgroup (the page cache it leaves is moved to the parent). */
  async cleanup(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        rmdirSync(this.cg);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`could not remove ${this.cg}`);
  }
}

const WIRE_METRICS: Array<[string, keyof Sample]> = [
  ['container_memory_usage_bytes', 'usage'],
  ['container_memory_working_set_bytes', 'workingSet'],
  ['container_memory_rss', 'rss'],
  ['container_memory_cache', 'cache'],
  ['container_memory_kernel_usage', 'kmem'],
  ['container_memory_total_active_file_bytes', 'activeFile'],
  ['container_memory_total_inactive_file_bytes', 'inactiveFile'],
];

/** The samples as Grafana would deliver cAdvisor's series for this container, one scrape per sample. */
function toFrames(name: string, samples: Sample[]) {
  const t0 = Date.UTC(2026, 0, 1);
  const times = samples.map((_, i) => t0 + i * SCRAPE_MS);
  const labels = { namespace: 'memlens-test', pod: `${name}-0`, container: name, image: 'node:20' };
  return WIRE_METRICS.map(([metric, key]) =>
    dataFrameFromJSON(toWireFrame({ refId: 'A', labels: { __name__: metric, ...labels }, times, values: samples.map((s) => s[key]), stepMs: SCRAPE_MS }))
  );
}

const growth = (samples: Sample[], key: keyof Sample) => samples[samples.length - 1][key] - samples[0][key];
const mib = (bytes: number) => (bytes / MiB).toFixed(1);

function report(name: string, samples: Sample[]): void {
  const keys: Array<keyof Sample> = ['usage', 'workingSet', 'rss', 'cache', 'activeFile', 'inactiveFile', 'kmem'];
  console.log(`${name}: ${samples.length} samples over ${RUN_MS / 1000} s; growth (MiB): ${keys.map((k) => `${k} ${mib(growth(samples, k))}`).join(', ')}`);
}

const reason = unavailable();
const tempDir = reason ? undefined : diskTempDir();
const skipReason = reason ?? (tempDir ? undefined : 'no disk-backed temporary directory (.cache and /var/tmp are tmpfs or not writable)');

if (skipReason) {
  console.log(`cgroup tests skipped: ${skipReason}`);
  test.skip(`demo workloads in real memory cgroups (skipped: ${skipReason})`, () => undefined);
} else {
  describe('demo workloads in real cgroup v1 memory controllers', () => {
    const logwriter = new CgroupRun('logwriter');
    const leaker = new CgroupRun('leaker');
    const logDir = join(tempDir!, 'logs');
    const FILE_BYTES = 8 * MiB;
    const FILES = 4;
    let logwriterSamples: Sample[] = [];
    let leakerSamples: Sample[] = [];

    beforeAll(async () => {
      try {
        await Promise.all([
          // 64 KiB every 50 ms ≈ 1.25 MiB/s: ~30 MiB in the run, through several rotations.
          logwriter.start('logwriter.js', {
            LOGWRITER_DIR: logDir,
            LOGWRITER_INTERVAL_MS: '50',
            LOGWRITER_BYTES_PER_TICK: '65536',
            LOGWRITER_FILE_BYTES: String(FILE_BYTES),
            LOGWRITER_FILES: String(FILES),
          }),
          // 512 KiB every 200 ms ≈ 2.5 MiB/s.
          leaker.start('leaker.js', { LEAKER_INTERVAL_MS: '200', LEAKER_CHUNK_BYTES: String(512 * 1024) }),
        ]);
        [logwriterSamples, leakerSamples] = await Promise.all([logwriter.sample(RUN_MS, SAMPLE_MS), leaker.sample(RUN_MS, SAMPLE_MS)]);
        report('logwriter', logwriterSamples);
        report('leaker', leakerSamples);
      } finally {
        await Promise.all([logwriter.cleanup(), leaker.cleanup()]);
      }
    }, 90_000);

    afterAll(() => {
      rmSync(tempDir!, { recursive: true, force: true });
    });

    it('logwriter: the working set grows, and the growth is active file cache, not rss', () => {
      const ws = growth(logwriterSamples, 'workingSet');
      expect(ws).toBeGreaterThan(16 * MiB);
      expect(growth(logwriterSamples, 'activeFile')).toBeGreaterThan(0.75 * ws);
      expect(Math.abs(growth(logwriterSamples, 'rss'))).toBeLessThan(0.2 * ws);
      // Read twice, the new pages do not linger on the inactive list.
      expect(growth(logwriterSamples, 'inactiveFile')).toBeLessThan(0.2 * ws);
    });

    it('logwriter: rotation keeps at most FILES files of about FILE_BYTES each', () => {
      const files = readdirSync(logDir);
      expect(files.length).toBeGreaterThan(1);
      expect(files.length).toBeLessThanOrEqual(FILES);
      const total = files.reduce((sum, f) => sum + statSync(join(logDir, f)).size, 0);
      expect(total).toBeLessThanOrEqual(FILES * (FILE_BYTES + 65536));
    });

    it('leaker: the working set grows, and the growth is rss, not cache', () => {
      const ws = growth(leakerSamples, 'workingSet');
      expect(ws).toBeGreaterThan(16 * MiB);
      expect(growth(leakerSamples, 'rss')).toBeGreaterThan(0.8 * ws);
      expect(Math.abs(growth(leakerSamples, 'cache'))).toBeLessThan(0.1 * ws);
    });

    it('the analysis gives logwriter the file-cache verdict and leaker the anon verdict', () => {
      const result = analyzeFrames([...toFrames('logwriter', logwriterSamples), ...toFrames('leaker', leakerSamples)]);
      expect(result.ignored).toEqual([]);
      const verdicts = Object.fromEntries(result.analyses.map((a) => [a.decomposition.workload.identity.container, a]));
      for (const [name, a] of Object.entries(verdicts)) {
        console.log(`${name}: verdict ${a.verdict}, working set +${mib(a.workingSetGrowthBytes)} MiB, shares ${JSON.stringify(a.shares)}`);
      }
      expect(verdicts.logwriter.verdict).toBe('file-cache');
      expect(verdicts.logwriter.shares.activeFile).toBeGreaterThan(0.75);
      expect(verdicts.leaker.verdict).toBe('anon');
      expect(verdicts.leaker.shares.rss).toBeGreaterThan(0.8);
    });
  });
}
