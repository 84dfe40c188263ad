/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The docker compose demo stack, checked without a Docker engine: Debian's docker-compose v1 validates
 * it (`config -q`, and it does reject a bad file), and the resolved configuration wires what MemLens
 * needs: the built plugin mounted and allowed unsigned, the provisioning, pinned images, the scrape
 * targets Prometheus expects, and the demo workloads with their scripts and limits.
 * Whether the containers run together is not checked here (no engine): see docs/provisioning.md.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { parse } from 'yaml';

import { runTool } from './lib/process';

const ROOT = join(__dirname, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yaml');
const DOCKER_COMPOSE = process.env.DOCKER_COMPOSE_BIN ?? 'docker-compose';

interface Service {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  volumes?: Array<string | { type: string; source: string; target: string }>;
  ports?: Array<string | { host_ip?: string; target: number; published?: number | string }>;
  mem_limit?: string | number;
  depends_on?: Record<string, unknown> | string[];
}

/** docker-compose's own resolved view of the file (paths made absolute, defaults applied). */
async function resolvedConfig(): Promise<{ services: Record<string, Service>; volumes?: Record<string, unknown> }> {
  const { stdout } = await runTool(DOCKER_COMPOSE, ['-f', COMPOSE_FILE, '--project-directory', ROOT, 'config']);
  return parse(stdout);
}

function bindMounts(service: Service): Array<{ source: string; target: string }> {
  return (service.volumes ?? []).flatMap((v) => {
    if (typeof v === 'string') {
      const [source, target] = v.split(':');
      return source.startsWith('/') ? [{ source, target }] : [];
    }
    return v.type === 'bind' ? [{ source: v.source, target: v.target }] : [];
  });
}

describe('docker-compose.yaml', () => {
  let config: Awaited<ReturnType<typeof resolvedConfig>>;

  beforeAll(async () => {
    config = await resolvedConfig();
  });

  it('passes docker-compose config -q', async () => {
    const { stdout, stderr } = await runTool(DOCKER_COMPOSE, ['-f', COMPOSE_FILE, '--project-directory', ROOT, 'config', '-q']);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/WARN|ERROR/i);
  });

  it('is checked by a docker-compose that rejects what it does not know', async () => {
    const work = mkdtempSync(join(tmpdir(), 'memlens-compose-'));
    try {
      const bad = readFileSync(COMPOSE_FILE, 'utf8').replace('    mem_limit: 192m', '    memory_limit: 192m');
      const file = join(work, 'docker-compose.yaml');
      writeFileSync(file, bad);
      await expect(runTool(DOCKER_COMPOSE, ['-f', file, 'config', '-q'])).rejects.toThrow(/memory_limit/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('runs every service from a pinned image', () => {
    const images = Object.entries(config.services).map(([name, s]) => [name, s.image ?? '']);
    expect(images.length).toBeGreaterThanOrEqual(6);
    for (const [name, image] of images) {
      expect([name, image]).toEqual([name, expect.stringMatching(/^[\w./-]+:(v?\d+[\w.-]*)$/)]);
    }
  });

  it('gives Grafana the built plugin, allowed unsigned, and the provisioned datasource and dashboards', () => {
    const grafana = config.services.grafana;
    expect(grafana.image).toMatch(/^grafana\/grafana:12\.4\.\d+$/);
    const mounts = bindMounts(grafana).map((m) => [relative(ROOT, m.source), m.target]);
    expect(mounts).toEqual(
      expect.arrayContaining([
        ['dist', '/var/lib/grafana/plugins/memlens-memory-panel'],
        ['provisioning/datasources', '/etc/grafana/provisioning/datasources'],
        ['provisioning/dashboards', '/etc/grafana/provisioning/dashboards'],
      ])
    );
    expect(grafana.environment?.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('memlens-memory-panel');
    const home = grafana.environment?.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    expect(existsSync(join(ROOT, 'provisioning', 'dashboards', home.replace('/etc/grafana/provisioning/dashboards/', '')))).toBe(true);
  });

  it('mounts only paths that exist in the repository (dist/ is built by npm run build)', () => {
    for (const [name, service] of Object.entries(config.services)) {
      for (const { source } of bindMounts(service)) {
        if (!source.startsWith(ROOT) || relative(ROOT, source) === 'dist') {
          continue;
        }
        expect([name, source, existsSync(source)]).toEqual([name, source, true]);
      }
    }
  });

  it('publishes ports on 127.0.0.1 only', () => {
    const published = Object.entries(config.services).flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, p] as const));
    expect(published.length).toBeGreaterThan(0);
    for (const [name, p] of published) {
      const hostIp = typeof p === 'string' ? p.split(':')[0] : p.host_ip;
      expect([name, hostIp]).toEqual([name, '127.0.0.1']);
    }
  });

  it('has every scrape target of prometheus.yml and the datasource URL as a compose service', () => {
    const prometheus = config.services.prometheus;
    expect(bindMounts(prometheus).map((m) => [relative(ROOT, m.source), m.target])).toContainEqual(['provisioning/prometheus', '/etc/prometheus']);
    expect(prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    const prom = parse(readFileSync(join(ROOT, 'provisioning', 'prometheus', 'prometheus.yml'), 'utf8'));
    expect(prom.global.scrape_interval).toBe('15s');
    const targets: string[] = prom.scrape_configs.flatMap((j: { static_configs: Array<{ targets: string[] }> }) => j.static_configs.flatMap((c) => c.targets));
    expect(targets.length).toBe(3);
    for (const target of targets) {
      const host = target.split(':')[0];
      expect([target, host === 'localhost' || host in config.services]).toEqual([target, true]);
    }
    const ds = parse(readFileSync(join(ROOT, 'provisioning', 'datasources', 'datasources.yml'), 'utf8'));
    expect(new URL(ds.datasources[0].url).hostname in config.services).toBe(true);
  });

  it('runs the demo workloads from workloads/, logwriter under a memory limit', () => {
    for (const name of ['logwriter', 'leaker']) {
      const service = config.services[name];
      const script = (service.command as string[]).find((a) => a.endsWith('.js'))!;
      const mount = bindMounts(service).find((m) => m.target === '/app/workloads')!;
      expect(relative(ROOT, mount.source)).toBe('workloads');
      expect(existsSync(join(ROOT, script))).toBe(true);
    }
    expect(config.services.logwriter.mem_limit).toBeTruthy();
    expect(config.services.logwriter.environment?.LOGWRITER_READS).toBe('2');
  });
});
