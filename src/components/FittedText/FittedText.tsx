import React, { useMemo } from 'react';
import { useTheme2 } from '@grafana/ui';

import { elideMiddle } from './elideMiddle';
import { type TextStyle, textMeasurer } from './measure';

interface Props {
  text: string;
  /** The width the text may take, px. */
  width: number;
  style: TextStyle;
  className?: string;
  'data-testid'?: string;
}

/** A name cut in the middle to fit `width`, with the whole name as its tooltip. */
export function FittedText({ text, width, style, className, ...rest }: Props) {
  const theme = useTheme2();
  const shown = useMemo(
    () => elideMiddle(text, width, textMeasurer(theme, style)),
    [text, width, theme, style]
  );
  return (
    <span className={className} title={text} data-testid={rest['data-testid']}>
      {shown}
    </span>
  );
}
