import { distinctStarts, ELLIPSIS, elideMiddle } from './elideMiddle';

/** Every character 10 px wide: widths are easy to reason about. */
const mono = (text: string) => Array.from(text).length * 10;

describe('elideMiddle', () => {
  it('keeps a name that fits as it is', () => {
    expect(elideMiddle('shop/api-0/app', 140, mono)).toBe('shop/api-0/app');
    expect(elideMiddle('', 0, mono)).toBe('');
  });

  it('cuts the middle, keeping more of the end, to the widest form that fits', () => {
    const name = 'shop-production/checkout-api-5d8f7b9c4-x2kqz/istio-proxy';
    const shown = elideMiddle(name, 250, mono);
    expect(mono(shown)).toBeLessThanOrEqual(250);
    // 25 characters: the ellipsis and 24 kept, 7 from the start and 17 from the end.
    expect(shown).toBe(`shop-pr${ELLIPSIS}x2kqz/istio-proxy`);
    expect(mono(elideMiddle(name, 260, mono))).toBeGreaterThan(250);
  });

  it('keeps pods of one deployment apart where cutting the end would not', () => {
    const pods = ['x2kqz', 'p9d7h', 'a1b2c'].map((s) => `shop/svc-094-5d8f7b9c4-${s}/app`);
    const shown = pods.map((p) => elideMiddle(p, 160, mono));
    expect(new Set(shown).size).toBe(pods.length);
    shown.forEach((s, i) => expect(s).toContain(pods[i].slice(-9)));
  });

  it('gives the ellipsis alone when not even one character fits beside it', () => {
    expect(elideMiddle('checkout', 15, mono)).toBe(ELLIPSIS);
    expect(elideMiddle('checkout', 0, mono)).toBe(ELLIPSIS);
  });

  it('never splits a character outside the BMP', () => {
    // Eight characters of two UTF-16 units each (ℂ and ℍ of one): four kept, one before the cut.
    const shown = elideMiddle('𝔸𝔹ℂ𝔻𝔼𝔽𝔾ℍ', 50, mono);
    expect(shown).toBe(`𝔸${ELLIPSIS}𝔽𝔾ℍ`);
    expect(mono(shown)).toBeLessThanOrEqual(50);
  });

  it('follows a proportional measure: wide letters leave room for fewer', () => {
    const wide = (text: string) => Array.from(text).reduce((w, c) => w + (c === 'W' ? 20 : 5), 0);
    expect(wide(elideMiddle('WWWWWWWWWW-iiiii', 60, wide))).toBeLessThanOrEqual(60);
    expect(elideMiddle('WWWWWWWWWW-iiiii', 60, wide)).toBe(`W${ELLIPSIS}iiiii`);
  });

  it('cuts before the part that tells a name apart when told where it starts', () => {
    const name = 'shop-production/checkout-service-api-5d8f7b9c4-x2kqz/checkout-service-api';
    const from = name.indexOf('x2kqz');
    const shown = elideMiddle(name, 330, mono, from);
    expect(shown).toBe(`shop-p${ELLIPSIS}x2kqz/checkout-service-api`);
    // Without the hint the long container name takes the end and the pod suffix is cut.
    expect(elideMiddle(name, 330, mono)).not.toContain('x2kqz');
    // When even that part does not fit, it is cut too, keeping its start: the pod suffix.
    expect(elideMiddle(name, 140, mono, from)).toBe(`${ELLIPSIS}x2kqz/c${ELLIPSIS}e-api`);
  });
});

describe('distinctStarts', () => {
  it('points at the start of the word each name first differs from its closest neighbour in', () => {
    const names = [
      'shop/api-5d8f7b9c4-x2kqz/app',
      'shop/api-5d8f7b9c4-x2kqz/istio-proxy',
      'shop/api-5d8f7b9c4-p9d7h/app',
      'billing/worker-0/app',
    ];
    const starts = distinctStarts(names);
    expect(names.map((n, i) => n.slice(starts[i]))).toEqual([
      'app',
      'istio-proxy',
      'p9d7h/app',
      'billing/worker-0/app',
    ]);
  });

  it('gives 0 for a name alone or with nothing shared, and the whole name for a duplicate', () => {
    expect(distinctStarts(['shop/api-0/app'])).toEqual([0]);
    expect(distinctStarts(['a/x', 'b/x'])).toEqual([0, 0]);
    expect(distinctStarts(['shop/api', 'shop/api'])).toEqual([5, 5]);
  });
});
