// A fixed palette for the export builders' tests (the app reads it from CSS variables).

import type { NodeKind, RangeKind } from '../../../src/core/view/types';
import type { ExportColors } from '../../../src/ui/files/exportColors';

const kind = new Proxy({} as Record<RangeKind, string>, { get: () => '#2f6fba' });
const node = new Proxy({} as Record<NodeKind, string>, { get: () => '#3a7d5c' });

export const COLORS: ExportColors = {
  kind,
  node,
  added: '#1b9e4b',
  removed: '#d64541',
  changed: '#d18a00',
  bg: '#f5f6f8',
  panel: '#ffffff',
  panel2: '#f0f2f5',
  text: '#1c2230',
  muted: '#5b6577',
  faint: '#8a93a3',
  border: '#dfe3ea',
  borderStrong: '#c9cfd9',
  accent: '#1f5fa6',
  handle: '#7a4b00',
  bug: '#7b2c96',
  bugSoft: '#f4e8f8',
  dark: false,
};
