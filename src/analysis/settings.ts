/**
 * The settings people type, read the same way in the panel editor and on the analyzer's command line:
 * sizes (`16MiB`), durations (`6h`, Prometheus style) and query roles (`A=usage`). Pure: a value that
 * is not valid comes back as undefined or as an error value, and each caller words its own message.
 */
import { rangeUtil } from '@grafana/data';

import { isRole } from './roles';
import type { Role } from './types';

const SIZE_UNITS: Readonly<Record<string, number>> = {
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

/** The units `parseSize` accepts, for messages. */
export const SIZE_UNIT_NAMES = 'KiB, MiB, GiB, KB, MB, GB';

/** `16MiB` → 16777216, `500 MB` → 5e8, `1048576` → 1048576; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  return m && unit !== undefined ? Number(m[1]) * unit : undefined;
}

/** `90s`, `30m`, `6h`, `7d` → ms (through rangeUtil); undefined when it is not a positive duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?(ms|s|m|h|d|w|y)$/.test(trimmed)) {
    return undefined;
  }
  let ms = NaN;
  try {
    ms = rangeUtil.intervalToMs(trimmed);
  } catch {
    ms = NaN;
  }
  return ms > 0 ? ms : undefined;
}

export type RoleEntry = { refId: string; role: Role };

/** Why an entry was rejected: not `refId=role` at all, or a name that is not a role. */
export type RoleEntryError =
  { entry: string; problem: 'syntax' } | { entry: string; problem: 'role'; refId: string; role: string };

/** One `refId=role` entry (spaces around `=` allowed); the role must be one of ROLE_NAMES. */
export function parseRoleEntry(text: string): RoleEntry | RoleEntryError {
  const entry = text.trim();
  const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(entry);
  if (!m) {
    return { entry, problem: 'syntax' };
  }
  const [, refId, role] = m;
  return isRole(role) ? { refId, role } : { entry, problem: 'role', refId, role };
}

export function isRoleEntryError(r: RoleEntry | RoleEntryError): r is RoleEntryError {
  return 'problem' in r;
}

/** Entries one per line or comma-separated: the good ones as a map, the rest as errors, in order. */
export function parseRoleList(text: string): { roles: Record<string, Role>; errors: RoleEntryError[] } {
  const roles: Record<string, Role> = {};
  const errors: RoleEntryError[] = [];
  for (const part of text.split(/[\n,]/)) {
    if (!part.trim()) {
      continue;
    }
    const r = parseRoleEntry(part);
    if (isRoleEntryError(r)) {
      errors.push(r);
    } else {
      roles[r.refId] = r.role;
    }
  }
  return { roles, errors };
}
