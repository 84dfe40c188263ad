import React, { Component, type ReactNode } from 'react';
import { t } from '@grafana/i18n';
import { Alert } from '@grafana/ui';

interface Props {
  children: ReactNode;
  /** Changes when the input changes; a new input gets a fresh try. */
  resetKey: unknown;
}

interface State {
  error?: Error;
  resetKey: unknown;
}

/**
 * Whatever goes wrong while drawing, the user sees a short readable message in the panel, never a
 * blank panel or a stack trace. The error itself goes to the browser console for whoever debugs it.
 */
export class PanelErrorBoundary extends Component<Props, State> {
  state: State = { resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.resetKey ? { error: undefined, resetKey: props.resetKey } : null;
  }

  componentDidCatch(error: Error) {
    console.error('MemLens panel failed to render', error);
  }

  render() {
    const { error } = this.state;
    if (!error) {
      return this.props.children;
    }
    return (
      <Alert severity="error" title={t('panel.error.title', 'MemLens could not draw this data')}>
        {t('panel.error.body', 'Something in the query result was not what MemLens expected:')}{' '}
        {error.message || String(error)}
      </Alert>
    );
  }
}
