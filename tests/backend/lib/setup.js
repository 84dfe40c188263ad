// @grafana/data's formatters read navigator.language; jsdom provides one, pin it so output is stable.
Object.defineProperty(globalThis.navigator, 'language', { value: 'en-US', configurable: true });
