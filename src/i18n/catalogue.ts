/**
 * The plugin's message catalogue in an i18next instance of its own, for renderers outside Grafana
 * (the analyzer, tests). The panel uses Grafana's instance instead (./grafana.ts); both read the
 * same JSON files, so the text is the same.
 */
import i18next from 'i18next';

import { CATALOGUES, LANGUAGES, type Language, NAMESPACE } from './languages';
import type { Translate } from './render';

export function createTranslate(language: Language): Translate {
  const instance = i18next.createInstance();
  instance.init({
    lng: language,
    fallbackLng: 'en-US',
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    resources: Object.fromEntries(LANGUAGES.map((l) => [l, { [NAMESPACE]: CATALOGUES[l] }])),
    initAsync: false,
    returnEmptyString: false,
    // i18next otherwise prints an advertisement on console.info, which would corrupt --json output.
    showSupportNotice: false,
  });
  return (id, defaultText, params) => instance.t(id, { defaultValue: defaultText, ...params }) as string;
}
