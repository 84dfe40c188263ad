/**
 * What the analysis needs from a browser-like global scope when it runs in plain Node. Imported
 * first by every Node entry point (the analyzer, the fixture and accuracy scripts).
 */
// @grafana/data's value formats read navigator.language, which Node 20 lacks.
const g = globalThis as { navigator?: unknown };
if (g.navigator === undefined) {
  g.navigator = { language: 'en-US', languages: ['en-US'] };
}
// i18next (initialised by @grafana/i18n inside @grafana/data) prints an advertisement on
// console.info, which would corrupt machine-readable stdout.
process.env.I18NEXT_NO_SUPPORT_NOTICE = '1';
// Libraries' console output is diagnostics: keep stdout for the program's own output.
console.log = (...args: unknown[]) => console.error(...args);
console.info = (...args: unknown[]) => console.error(...args);
export {};
