import { PanelPlugin } from '@grafana/data';

import { MemLensPanel } from './components/MemLensPanel/MemLensPanel';
import { initTranslations } from './i18n/grafana';
import { migrateOptions } from './migrations';
import { addPanelOptions } from './options';
import type { MemLensOptions } from './types';

// Text is rendered in the user's Grafana language: the catalogue must be loaded before the first render.
await initTranslations();

export const plugin = new PanelPlugin<MemLensOptions>(MemLensPanel)
  .setPanelOptions(addPanelOptions)
  .setMigrationHandler(migrateOptions)
  .setDataSupport({ annotations: true, alertStates: false });
