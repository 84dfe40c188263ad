import React, { useMemo } from 'react';
import { useTheme2 } from '@grafana/ui';

import { elideMiddle } from './elideMiddle';
import { surelyFits, type TextStyle, textMeasurer } from './measure';

interface Props {
  text: string;
  /** The width the text may take, px. */
  width: number;
  style: TextStyle;
  /** Where the part that tells this name apart from the others begins (distinctStarts). */
  distinctFrom?: number;
  className?: string;
  'data-testid'?: string;
}

/** A name cut in the middle to fit `width`, with the whole name as its tooltip. */
export function FittedText({ text, width, style, distinctFrom, className, ...rest }: Props) {
  const theme = useTheme2();
  const shown = useMemo(
    () =>
      surelyFits(theme, style, text, width) ? text : elideMiddle(text, width, textMeasurer(theme, style), distinctFrom),
    [text, width, theme, style, distinctFrom]
  );
  return (
    <span className={className} title={text} data-testid={rest['data-testid']}>
      {shown}
    </span>
  );
}
