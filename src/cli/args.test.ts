import { parseRoles } from '../options';
import { parseArgs, UsageError } from './args';

describe('parseArgs', () => {
  it('reads sizes, durations and roles as the panel options do', () => {
    const args = parseArgs([
      'f.json',
      '--window',
      '6h',
      '--min-growth=1.5 GiB',
      '--role',
      'A=usage',
      '--role=B = memAvailable',
    ]);
    expect(args.detect).toEqual({ window: 6 * 3_600_000, minGrowthBytes: 1.5 * 2 ** 30 });
    expect(args.roles).toEqual({ A: 'usage', B: 'memAvailable' });
    expect(args.roles).toEqual(parseRoles('A=usage\nB = memAvailable').roles);
  });

  it.each([
    [['--window', '6 hours'], 'invalid duration "6 hours": write it as Prometheus does (90s, 30m, 6h, 7d)'],
    [['--min-growth', 'lots'], 'invalid size "lots": use bytes or a unit (KiB, MiB, GiB, KB, MB, GB)'],
    [
      ['--role', 'A=heap'],
      /^invalid --role "A=heap": expected REFID=ROLE, ROLE one of usage, workingSet, .*, slabUnreclaimable$/,
    ],
    [['--role', 'just text'], /^invalid --role "just text"/],
  ])('rejects %p with one line', (flags, message) => {
    expect(() => parseArgs(['f.json', ...flags])).toThrow(UsageError);
    expect(() => parseArgs(['f.json', ...flags])).toThrow(message);
  });
});
