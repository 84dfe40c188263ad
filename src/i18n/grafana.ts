/**
 * Rendering in the user's Grafana language, through @grafana/i18n (bundled; i18next itself is
 * Grafana's). module.ts calls `initTranslations()` once at load, before the panel renders.
 */
import { type ResourceLoader, initPluginTranslations, t } from '@grafana/i18n';

import type { Message } from '../analysis/types';
import { CATALOGUES, NAMESPACE, resolveLanguage } from './languages';
import { type Translate, renderMessage } from './render';

/**
 * Grafana ≥ 12.1 loads `locales/<lang>/<plugin id>.json` itself (plugin.json `languages`); this
 * loader adds the bundled catalogue too, so text is translated where Grafana does not load it
 * (older Grafana, the browser harness). Loading the same bundle twice is harmless.
 */
export const loadResources: ResourceLoader = async (language) => {
  const resolved = resolveLanguage(language);
  return resolved ? CATALOGUES[resolved] : {};
};

export function initTranslations(): Promise<{ language: string }> {
  return initPluginTranslations(NAMESPACE, [loadResources]);
}

export const grafanaTranslate: Translate = (id, defaultText, params) => t(id, defaultText, params);

/** A message as text in the user's Grafana language. */
export function renderForUser(message: Message): string {
  return renderMessage(message, grafanaTranslate);
}
