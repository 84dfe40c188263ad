import { ELLIPSIS, elideMiddle } from './elideMiddle';

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
});
