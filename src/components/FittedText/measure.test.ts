import { createTheme } from '@grafana/data';

import { bodyText, surelyFits } from './measure';

describe('surelyFits', () => {
  const theme = createTheme();
  const style = bodyText(theme);

  it('passes short ASCII names with room for their widest glyphs, unmeasured', () => {
    expect(surelyFits(theme, style, 'shop/api-0/app', 400)).toBe(true);
    expect(surelyFits(theme, style, '', 1)).toBe(true);
  });

  it('leaves to the measure what might not fit, and any text beyond printable ASCII', () => {
    const name = 'shop/api-0/app';
    // Every glyph as wide as 1.2 em would not fit: the measure must decide.
    expect(surelyFits(theme, style, name, name.length * style.size)).toBe(false);
    expect(surelyFits(theme, style, 'café/api', 400)).toBe(false);
    expect(surelyFits(theme, style, '支付/api', 400)).toBe(false);
  });
});
