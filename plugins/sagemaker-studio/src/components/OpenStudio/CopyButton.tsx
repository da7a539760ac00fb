import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { MouseEvent, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/** Hidden from sight, read by screen readers. */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/**
 * Copies a short text (a correlation id) to the clipboard. It uses the
 * clipboard of the window the button is in, so that it also works in the
 * launch tab the card draws into.
 */
export function CopyButton(props: { text: string; label: string }) {
  const { text, label } = props;
  const [state, setState] = useState<CopyState>('idle');
  const copy = async (event: MouseEvent<HTMLButtonElement>) => {
    const view = event.currentTarget.ownerDocument.defaultView ?? window;
    try {
      await view.navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // No clipboard access (permissions, plain http): the id stays selectable.
      setState('failed');
    }
  };
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="inherit"
        onClick={copy}
        aria-label={label}
        sx={{ ml: 1, py: 0, minWidth: 0, verticalAlign: 'baseline' }}
      >
        {state === 'copied' ? 'Copied' : 'Copy'}
      </Button>
      <Box component="span" role="status" sx={VISUALLY_HIDDEN}>
        {state === 'copied' && 'Copied to the clipboard'}
        {state === 'failed' && 'Could not copy: select the id and copy it'}
      </Box>
    </>
  );
}
