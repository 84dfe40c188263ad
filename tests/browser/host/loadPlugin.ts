/**
 * Loads the built plugin as Grafana does at boot and on a panel's first render: the standard field
 * options and option editors registered, the shared modules set in SystemJS, i18next initialised, then
 * `/dist/module.js` imported through SystemJS with `/dist/plugin.json` as its meta. The panel harness
 * and the Scenes host both load the plugin through this one function, and render into `mountPoint()`.
 */
import { type PanelPlugin } from '@grafana/data';
import i18next from 'i18next';

import { registerSharedModules, system } from './shared';
import { registerStandardFieldOptions, registerStandardOptionEditors } from './standardOptions';

/** `sharedModules` replaces some of the shared modules, e.g. the real @grafana/runtime in the Scenes host. */
export async function loadPlugin(sharedModules: Record<string, object> = {}): Promise<PanelPlugin> {
  registerStandardFieldOptions();
  registerStandardOptionEditors();
  registerSharedModules(sharedModules);
  // Grafana initialises i18next before any plugin loads; plugins add their own namespace to it.
  await i18next.init({
    lng: 'en-US',
    fallbackLng: 'en-US',
    resources: {},
    returnEmptyString: false,
    partialBundledLanguages: true,
    showSupportNotice: false,
  } as never);
  const meta = await (await fetch('/dist/plugin.json')).json();
  let mod = await system.import('/dist/module.js');
  // As Grafana's loader does: a module with top-level await (webpack async module) exports a promise
  // as its default, which resolves to the real exports.
  while (!mod.plugin && typeof (mod.default as Promise<unknown> | undefined)?.then === 'function') {
    mod = (await mod.default) as Record<string, unknown>;
  }
  const plugin = mod.plugin as PanelPlugin | undefined;
  if (!plugin || typeof plugin !== 'object' || !('panel' in plugin)) {
    throw new Error(
      `/dist/module.js does not export a PanelPlugin named "plugin" (exports: ${Object.keys(mod).join(', ')})`
    );
  }
  plugin.meta = { ...meta, module: '/dist/module.js', baseUrl: '/dist' };
  return plugin;
}

/** The element the host renders into (the page's #harness-root). */
export function mountPoint(): HTMLElement {
  let el = document.getElementById('harness-root');
  if (!el) {
    el = document.createElement('div');
    el.id = 'harness-root';
    document.body.appendChild(el);
  }
  return el;
}
