import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StandardEditorsRegistryItem } from '@grafana/data';

import type { Role } from '../../analysis/types';
import { RolesEditor } from './RolesEditor';

const item = { id: 'roles', name: 'Query roles' } as StandardEditorsRegistryItem<Record<string, Role>>;

function setup(value: Record<string, Role>) {
  const onChange = jest.fn();
  const view = render(<RolesEditor value={value} onChange={onChange} item={item} context={{ data: [] }} />);
  return { ...view, onChange, box: screen.getByRole('textbox', { name: 'Query roles' }) };
}

describe('RolesEditor', () => {
  it('shows the map as refId=role lines and saves what the user types on blur', async () => {
    const { box, onChange } = setup({ A: 'usage' });
    expect(box).toHaveValue('A=usage');
    await userEvent.type(box, '\nB=workingSet');
    await userEvent.tab();
    expect(onChange).toHaveBeenCalledWith({ A: 'usage', B: 'workingSet' });
  });

  it('says which entry is wrong and lists the roles, saving only the good ones', async () => {
    const { box, onChange } = setup({});
    await userEvent.type(box, 'A=usage\nB=heap');
    await userEvent.tab();
    expect(onChange).toHaveBeenCalledWith({ A: 'usage' });
    expect(screen.getByText(/B: "heap" is not a role/)).toHaveTextContent(/workingSet, rss, cache/);
  });

  it('follows a value changed elsewhere (dashboard JSON)', () => {
    const { box, rerender, onChange } = setup({ A: 'usage' });
    rerender(<RolesEditor value={{ A: 'rss' }} onChange={onChange} item={item} context={{ data: [] }} />);
    expect(box).toHaveValue('A=rss');
  });
});
