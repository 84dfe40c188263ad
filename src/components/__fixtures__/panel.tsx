/**
 * The panel as Grafana renders it, for the panel's tests: wire frames decoded with dataFrameFromJSON
 * and given their field config with applyFieldOverrides, then MemLensPanel with full PanelProps.
 */
import React from 'react';
import { act, render } from '@testing-library/react';
import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  type DataFrameJSON,
  dateTime,
  EventBusSrv,
  LoadingState,
  type PanelProps,
  type TimeRange,
} from '@grafana/data';

import { decode } from '../../analysis/__testing__/frames';
import { DEFAULT_OPTIONS } from '../../options';
import type { MemLensOptions } from '../../types';
import { MemLensPanel } from '../MemLensPanel/MemLensPanel';

/** Wire frames as a panel receives them: decoded, then with the (empty) field config applied. */
export function decodeForPanel(wire: DataFrameJSON[]): DataFrame[] {
  return applyFieldOverrides({
    data: decode(wire),
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (v) => v,
    theme: createTheme(),
    timeZone: 'utc',
  });
}

/** An absolute dashboard time range, from and to in epoch ms. */
export function absoluteRange(from: number, to: number): TimeRange {
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

export interface PanelSetup {
  series: DataFrame[];
  timeRange: TimeRange;
  options?: Partial<MemLensOptions>;
  width?: number;
  height?: number;
}

/** Renders MemLensPanel on `series` and lets its effects settle. */
export async function renderPanel({ series, timeRange, options = {}, width = 1000, height = 600 }: PanelSetup) {
  const props: PanelProps<MemLensOptions> = {
    id: 1,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options: { ...DEFAULT_OPTIONS, ...options },
    fieldConfig: { defaults: {}, overrides: [] },
    width,
    height,
    title: 'Memory',
    transparent: false,
    renderCounter: 1,
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    onChangeTimeRange: jest.fn(),
    replaceVariables: (v) => v,
  };
  const view = render(<MemLensPanel {...props} />);
  await act(async () => {});
  return view;
}
