import React from 'react';
import { render, screen } from '@testing-library/react';

import { PanelErrorBoundary } from './PanelErrorBoundary';

function Broken({ message }: { message: string }): React.ReactElement {
  throw new Error(message);
}

describe('PanelErrorBoundary', () => {
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => consoleError.mockRestore());

  it('shows a short readable message instead of a blank panel or a stack trace', () => {
    const { container } = render(
      <PanelErrorBoundary resetKey={1}>
        <Broken message="frame 3 has no fields <b>" />
      </PanelErrorBoundary>
    );
    expect(screen.getByText('MemLens could not draw this data')).toBeInTheDocument();
    expect(container).toHaveTextContent('frame 3 has no fields <b>');
    expect(container).not.toHaveTextContent(/at Broken|\.tsx:\d+/);
  });

  it('tries again when the data changes', () => {
    const { rerender } = render(
      <PanelErrorBoundary resetKey={1}>
        <Broken message="bad" />
      </PanelErrorBoundary>
    );
    rerender(
      <PanelErrorBoundary resetKey={2}>
        <div>fine now</div>
      </PanelErrorBoundary>
    );
    expect(screen.getByText('fine now')).toBeInTheDocument();
  });
});
