/**
 * How Debian's Chromium is started for the browser suite and the bench: headless, no sandbox (CI
 * runs as root), no GPU, and none of the background traffic a fresh profile would start (there is no
 * internet here, and stray requests would only add noise to the timings).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
