/**
 * The analyzer's command line: flags, read with the panel's parsers (analysis/settings.ts).
 * Every problem is a UsageError whose message is the one line printed on stderr.
 */
import { ROLE_NAMES } from '../analysis/roles';
import { isRoleEntryError, parseDuration, parseRoleEntry, parseSize, SIZE_UNIT_NAMES } from '../analysis/settings';
import type { DetectOptions, Role } from '../analysis/types';
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

/** A size flag's value in bytes ("16MiB", "500 MB", "1048576"). */
function sizeArg(text: string): number {
  const bytes = parseSize(text);
  if (bytes === undefined) {
    throw new UsageError(`invalid size "${text}": use bytes or a unit (${SIZE_UNIT_NAMES})`);
  }
  return bytes;
}

/** A duration flag's value in ms ("90s", "30m", "6h", "7d"). */
function durationArg(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
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
        args.detect.window = value === 'auto' ? 'auto' : durationArg(value);
        break;
      case '--min-growth':
        args.detect.minGrowthBytes = sizeArg(value);
        break;
      case '--min-growth-ratio':
        args.detect.minGrowthRatio = parseFraction(flag, value, true);
        break;
      case '--share':
        args.detect.share = parseFraction(flag, value, false);
        break;
      case '--role': {
        const entry = parseRoleEntry(value);
        if (isRoleEntryError(entry)) {
          throw new UsageError(`invalid --role "${value}": expected REFID=ROLE, ROLE one of ${ROLE_NAMES.join(', ')}`);
        }
        args.roles[entry.refId] = entry.role;
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
