import React from 'react';
import { render, screen } from '@testing-library/react';

import { VerdictBanner } from './VerdictBanner';

describe('VerdictBanner consequences', () => {
  it('shows the consequences under the verdict, and holds them behind "More" in a low panel', () => {
    const consequences = [
      'Non-reclaimable memory is still growing, at +14 MiB/day.',
      'The cache is idle: no refaults.',
    ];
    const { rerender } = render(<VerdictBanner verdict="anon" text="leak" notes={[]} consequences={consequences} />);
    expect(screen.getByTestId('memlens-consequences').textContent).toBe(consequences.join(' '));
    rerender(<VerdictBanner verdict="anon" text="leak" notes={[]} consequences={consequences} compact />);
    expect(screen.queryByTestId('memlens-consequences')).toBeNull();
    expect(screen.getByRole('button', { name: /more/i })).toBeTruthy();
  });

  it('a warm-up that is over does not alarm: the success look, not the leak one', () => {
    const { container, rerender } = render(<VerdictBanner verdict="anon" text="x" notes={[]} />);
    const leakIcon = container.querySelector('svg, i, div[class*="Icon"]')?.outerHTML;
    rerender(<VerdictBanner verdict="anon" text="x" notes={[]} warmUp />);
    const warmIcon = container.querySelector('svg, i, div[class*="Icon"]')?.outerHTML;
    rerender(<VerdictBanner verdict="stable" text="x" notes={[]} />);
    const stableIcon = container.querySelector('svg, i, div[class*="Icon"]')?.outerHTML;
    expect(warmIcon).not.toBe(leakIcon);
    expect(warmIcon).toBe(stableIcon);
  });
});
