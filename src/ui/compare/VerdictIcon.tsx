// The shape of a divergence, next to its colour and words: a filled diamond when one side
// fails, an outlined one for a different errno, a square for a different output, a triangle for
// a different DMA state, a slashed circle for a step that did not run.

import type { VerdictLook } from './verdictUi';

export function VerdictIcon({ tone, size = 11 }: { tone: VerdictLook['tone']; size?: number }) {
  if (tone === 'same') return null;
  const common = { width: size, height: size, viewBox: '0 0 12 12', 'aria-hidden': true as const, className: `cmp-icon cmp-v-${tone}` };
  switch (tone) {
    case 'fail':
      return <svg {...common}><path d="M6 0.8 11.2 6 6 11.2 0.8 6Z" fill="currentColor" /></svg>;
    case 'errno':
      return <svg {...common}><path d="M6 1.6 10.4 6 6 10.4 1.6 6Z" fill="none" stroke="currentColor" strokeWidth="1.6" /></svg>;
    case 'out':
      return <svg {...common}><rect x="2" y="2" width="8" height="8" fill="currentColor" /></svg>;
    case 'state':
      return <svg {...common}><path d="M6 1.2 11 10.6H1Z" fill="currentColor" /></svg>;
    case 'none':
      return <svg {...common}><circle cx="6" cy="6" r="4.4" fill="none" stroke="currentColor" strokeWidth="1.4" /><path d="M2.9 9.1 9.1 2.9" stroke="currentColor" strokeWidth="1.4" /></svg>;
    default: {
      const never: never = tone;
      return never;
    }
  }
}
