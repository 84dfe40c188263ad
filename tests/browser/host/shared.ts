/**
 * The modules Grafana shares with plugins, registered in SystemJS the way Grafana's plugin loader does:
 * each module is set under a `package:` URL and a bare-name import map entry points at it, so the
 * plugin's AMD `define(["react", ...])` receives the host's own instances (one React, one theme context).
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaUi from '@grafana/ui';
import * as i18next from 'i18next';
import * as lodash from 'lodash';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

import * as grafanaRuntime from './runtimeStub';

interface SystemJSLike {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(id: string): Promise<Record<string, unknown>>;
}

export const system = (window as unknown as { System: SystemJSLike }).System;

export const sharedModules: Record<string, object> = {
  react: React,
  'react-dom': ReactDOM,
  'react-dom/client': ReactDOMClient,
  'react/jsx-runtime': jsxRuntime,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  rxjs,
  'rxjs/operators': rxjsOperators,
  lodash,
  i18next,
};

/** `overrides` replaces shared modules by name (the Scenes host shares the real @grafana/runtime). */
export function registerSharedModules(overrides: Record<string, object> = {}): void {
  if (!system) {
    throw new Error('SystemJS is not loaded: the page must load systemjs/dist/system.js and extras/amd.js first');
  }
  const imports: Record<string, string> = {};
  for (const [name, mod] of Object.entries({ ...sharedModules, ...overrides })) {
    const url = `package:${name}`;
    system.set(url, mod);
    imports[name] = url;
  }
  system.addImportMap({ imports });
}
