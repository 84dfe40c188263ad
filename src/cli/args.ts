/**
 * The analyzer's command line: flags, durations (Prometheus style, through rangeUtil) and sizes.
 * Every problem is a UsageError whose message is the one line printed on stderr.
 */
import { rangeUtil } from '@grafana/data';

import { CONTAINER_ROLES, NODE_ROLES, type DetectOptions, type Role } from '../analysis/types';
import { type Language, resolveLanguage } from '../i18n/languages';

export const USAGE =
  'usage: npm run -s analyze -- FILE [--json] [--window 6h] [--min-growth 16MiB] [--min-growth-ratio 0.05] [--share 0.5] [--role A=usage]... [--lang en|zh-Hans]';

export class UsageError extends Error {}

export interface CliArgs {
  file: string;
  json: boolean;
  detect: Partial<DetectOptions>;
  roles: Record<string, Role>;
  language: Language;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
};

/** "16MiB", "500 MB", "1048576" → bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new UsageError(`invalid size "${text}": use bytes or a unit (KiB, MiB, GiB, KB, MB, GB)`);
  }
  return Number(m[1]) * unit;
}

/** "90s", "30m", "6h", "7d" → ms. */
export function parseDuration(text: string): number {
  let ms = NaN;
  if (/^\d+(\.\d+)?(ms|s|m|h|d|w|y)$/.test(text.trim())) {
    try {
      ms = rangeUtil.intervalToMs(text.trim());
    } catch {
      ms = NaN;
    }
  }
  if (!(ms > 0)) {
    throw new UsageError(`invalid duration "${text}": write it as Prometheus does (90s, 30m, 6h, 7d)`);
  }
  return ms;
}

function parseFraction(flag: string, text: string, allowZero: boolean): number {
  const v = /^\d*\.?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!(v <= 1 && (allowZero ? v >= 0 : v > 0))) {
    throw new UsageError(`invalid ${flag} "${text}": expected a number ${allowZero ? 'from 0' : 'above 0'} to 1`);
  }
  return v;
}

const VALUE_FLAGS: ReadonlySet<string> = new Set([
  '--window',
  '--min-growth',
  '--min-growth-ratio',
  '--share',
  '--role',
  '--lang',
]);
const ROLES: ReadonlySet<string> = new Set([...CONTAINER_ROLES, ...NODE_ROLES]);

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { file: '', json: false, detect: {}, roles: {}, language: 'en-US' };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--json') {
      if (eq > 0) {
        throw new UsageError(`--json takes no value. ${USAGE}`);
      }
      args.json = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) {
      throw new UsageError(`unknown flag ${flag}. ${USAGE}`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) {
      throw new UsageError(`${flag} needs a value. ${USAGE}`);
    }
    switch (flag) {
      case '--window':
        args.detect.window = value === 'auto' ? 'auto' : parseDuration(value);
        break;
      case '--min-growth':
        args.detect.minGrowthBytes = parseSize(value);
        break;
      case '--min-growth-ratio':
        args.detect.minGrowthRatio = parseFraction(flag, value, true);
        break;
      case '--share':
        args.detect.share = parseFraction(flag, value, false);
        break;
      case '--role': {
        const m = /^([^=]+)=(.+)$/.exec(value);
        if (!m || !ROLES.has(m[2])) {
          throw new UsageError(`invalid --role "${value}": expected REFID=ROLE, ROLE one of ${[...ROLES].join(', ')}`);
        }
        args.roles[m[1]] = m[2] as Role;
        break;
      }
      case '--lang': {
        const language = resolveLanguage(value);
        if (!language) {
          throw new UsageError(`invalid --lang "${value}": expected en or zh-Hans`);
        }
        args.language = language;
        break;
      }
      default:
        throw new UsageError(`unknown flag ${flag}. ${USAGE}`);
    }
  }
  if (files.length !== 1) {
    throw new UsageError(files.length ? `one FILE expected, got ${files.length}. ${USAGE}` : USAGE);
  }
  args.file = files[0];
  return args;
}
