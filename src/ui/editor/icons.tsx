// Small stroke icons for the row actions (fonts lack some glyphs, e.g. ⧉ on Debian's defaults).
// Decorative: the buttons carry aria-labels.

const common = { width: 14, height: 14, viewBox: '0 0 16 16', fill: 'none', stroke: 'currentColor', strokeWidth: 1.6, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

export const IconUp = () => (
  <svg {...common}>
    <path d="M8 13V3M4 7l4-4 4 4" />
  </svg>
);
export const IconDown = () => (
  <svg {...common}>
    <path d="M8 3v10M4 9l4 4 4-4" />
  </svg>
);
export const IconCopy = () => (
  <svg {...common}>
    <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
    <path d="M10.5 3.5v-.5a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h.5" />
  </svg>
);
export const IconDelete = () => (
  <svg {...common}>
    <path d="M4 4l8 8M12 4l-8 8" />
  </svg>
);
export const IconGrip = () => (
  <svg width={10} height={14} viewBox="0 0 10 14" fill="currentColor" aria-hidden>
    {[2, 7, 12].flatMap((y) => [<circle key={`a${y}`} cx={3} cy={y} r={1.2} />, <circle key={`b${y}`} cx={7} cy={y} r={1.2} />])}
  </svg>
);
