/** The catalogues the plugin ships and the language codes they answer to (Grafana's codes). */
import pluginJson from '../plugin.json';
import en from '../locales/en-US/memlens-memory-panel.json';
import zh from '../locales/zh-Hans/memlens-memory-panel.json';

/** The i18next namespace: Grafana namespaces a plugin's translations by its id. */
export const NAMESPACE: string = pluginJson.id;
export const LANGUAGES = ['en-US', 'zh-Hans'] as const;
export type Language = (typeof LANGUAGES)[number];
export const CATALOGUES: Record<Language, Record<string, unknown>> = { 'en-US': en, 'zh-Hans': zh };

/** Grafana's code, or the short forms `en` and `zh`; undefined when there is no catalogue. */
export function resolveLanguage(lang: string): Language | undefined {
  const lower = lang.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) {
    return 'en-US';
  }
  if (lower === 'zh' || lower === 'zh-hans' || lower === 'zh-cn' || lower === 'zh-sg') {
    return 'zh-Hans';
  }
  return undefined;
}
