import { parseDuration, parseRoleEntry, parseRoleList, parseSize } from './settings';

describe('parseSize', () => {
  it.each([
    ['16MiB', 16 * 2 ** 20],
    ['20MB', 20e6],
    ['1.5 GiB', 1.5 * 2 ** 30],
    ['4096', 4096],
    ['512kib', 512 * 1024],
    [' 2 TiB ', 2 * 2 ** 40],
  ])('%s → %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(['', 'lots', '16 parsecs', '-1MiB', 'MiB', '1e3'])('rejects %p', (text) =>
    expect(parseSize(text)).toBeUndefined()
  );
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['7d', 604_800_000],
    ['500ms', 500],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['auto', '6 hours', '', '0s', 'h', '-5m', '5'])('rejects %p', (text) =>
    expect(parseDuration(text)).toBeUndefined()
  );
});

describe('role entries', () => {
  it('reads refId=role, spaces around = allowed, container and node roles', () => {
    expect(parseRoleEntry('A=usage')).toEqual({ refId: 'A', role: 'usage' });
    expect(parseRoleEntry(' B = memAvailable ')).toEqual({ refId: 'B', role: 'memAvailable' });
  });

  it('tells a malformed entry from an unknown role', () => {
    expect(parseRoleEntry('just text')).toEqual({ entry: 'just text', problem: 'syntax' });
    expect(parseRoleEntry('A=')).toEqual({ entry: 'A=', problem: 'syntax' });
    expect(parseRoleEntry('A=heap')).toEqual({ entry: 'A=heap', problem: 'role', refId: 'A', role: 'heap' });
    // Role names are exact: the analyzer and the panel agree on case.
    expect(parseRoleEntry('A=WorkingSet')).toMatchObject({ problem: 'role' });
  });

  it('reads a list per line or comma, keeping the good entries and every error in order', () => {
    expect(parseRoleList('A=usage\nB=heap, C = rss\n\njust text')).toEqual({
      roles: { A: 'usage', C: 'rss' },
      errors: [
        { entry: 'B=heap', problem: 'role', refId: 'B', role: 'heap' },
        { entry: 'just text', problem: 'syntax' },
      ],
    });
    expect(parseRoleList(' \n,')).toEqual({ roles: {}, errors: [] });
  });
});
