import React, { useState } from 'react';
import type { StandardEditorProps } from '@grafana/data';
import { t } from '@grafana/i18n';
import { Field, TextArea } from '@grafana/ui';

import { ROLE_NAMES } from '../../analysis/roles';
import type { Role } from '../../analysis/types';
import { formatRoles, parseRoles } from '../../options';

type Props = StandardEditorProps<Record<string, Role>>;

/**
 * The refId → role map as text, one `A=usage` per line (the analyzer's `--role` syntax). Valid
 * entries are saved on blur; each rejected entry is shown with its reason and the list of roles.
 */
export function RolesEditor({ value, onChange }: Props) {
  const [text, setText] = useState(() => formatRoles(value ?? {}));
  const [errors, setErrors] = useState<string[]>([]);

  // Follow outside changes (dashboard JSON edits, migrations) unless the text already says the same.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (!sameRoles(parseRoles(text).roles, value ?? {})) {
      setText(formatRoles(value ?? {}));
    }
  }

  const commit = () => {
    const parsed = parseRoles(text);
    setErrors(parsed.errors);
    if (!sameRoles(parsed.roles, value ?? {})) {
      onChange(parsed.roles);
    }
  };

  const invalid = errors.length > 0;
  return (
    <Field
      invalid={invalid}
      error={
        invalid ? `${errors.join('; ')}. ${t('options.roles.valid', 'Roles')}: ${ROLE_NAMES.join(', ')}` : undefined
      }
    >
      <TextArea
        aria-label={t('options.roles.name', 'Query roles')}
        value={text}
        rows={Math.max(2, text.split('\n').length)}
        placeholder={'A=usage\nB=workingSet'}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={commit}
      />
    </Field>
  );
}

function sameRoles(a: Record<string, Role>, b: Record<string, Role>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
