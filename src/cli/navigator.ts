// @grafana/data's value formats read navigator.language, which Node 20 lacks. Imported first.
const g = globalThis as { navigator?: unknown };
if (g.navigator === undefined) {
  g.navigator = { language: 'en-US', languages: ['en-US'] };
}
export {};
