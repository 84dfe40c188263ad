/**
 * The few @grafana/runtime services a panel may use, as a Grafana server would provide them.
 * Grafana injects most of these at boot (setPanelDataErrorView, setTemplateSrv, ...); outside Grafana
 * the real package has nothing behind them, so the host supplies small working versions.
 * Services a panel must not need (backend, datasources) throw a clear error instead of hanging.
 */
import { createTheme, EventBusSrv, type PanelData, type ScopedVars } from '@grafana/data';
import React from 'react';

export interface PanelDataErrorViewProps {
  message?: string;
  panelId: number;
  data: PanelData;
  fieldConfig?: { defaults?: { noValue?: string } };
  needsTimeField?: boolean;
  needsNumberField?: boolean;
  needsStringField?: boolean;
}

/** What Grafana's PanelDataErrorView shows: the given message, else the panel's "No value" text, else "No data". */
export function PanelDataErrorView(props: PanelDataErrorViewProps) {
  const message = props.message ?? props.fieldConfig?.defaults?.noValue ?? 'No data';
  return React.createElement(
    'div',
    {
      'data-testid': 'data-testid Panel data error message',
      style: { display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%', width: '100%' },
    },
    message
  );
}

export const config = {
  theme2: createTheme(),
  bootData: { user: { timezone: 'browser', weekStart: 'monday', language: 'en-US' }, settings: {} },
  buildInfo: { version: 'harness', edition: 'OSS', env: 'test' },
  featureToggles: {} as Record<string, boolean>,
  appSubUrl: '',
  appUrl: 'http://127.0.0.1/',
  licenseInfo: {},
  panels: {},
  datasources: {},
};

const appEvents = new EventBusSrv();
export const getAppEvents = () => appEvents;

/** Template variables: the harness dashboard has none, so only $__interval-style built-ins pass through. */
export const getTemplateSrv = () => ({
  replace: (target?: string, _scopedVars?: ScopedVars) => target ?? '',
  getVariables: () => [],
  containsTemplate: () => false,
  updateTimeRange: () => undefined,
});

export const locationService = {
  getLocation: () => window.location,
  getSearchObject: () => Object.fromEntries(new URLSearchParams(window.location.search)),
  partial: () => undefined,
  push: () => undefined,
  replace: () => undefined,
};

export const reportInteraction = () => undefined;
export const usePluginInteractionReporter = () => reportInteraction;

function notInHarness(name: string): never {
  throw new Error(
    `@grafana/runtime ${name} is not available in the MemLens browser harness: a panel reads only its props`
  );
}
export const getBackendSrv = () => notInHarness('getBackendSrv');
export const getDataSourceSrv = () => notInHarness('getDataSourceSrv');
