// Every key the explorer handles, where it applies, and what it does: the help dialog's table.
// Gathered from the handlers themselves (named per group); tests/ui/help/shortcuts.test.ts reads
// those handlers and fails when one handles a key this table does not list, so the help cannot
// silently go stale. A feature that adds keys adds them here.

export interface Shortcut {
  /** Alternatives, each a combination: [['Shift', '→'], ['PageDown']]. */
  readonly keys: readonly (readonly string[])[];
  readonly what: string;
  /** The KeyboardEvent.key values this line documents (for the test). */
  readonly codes: readonly string[];
}

export interface ShortcutGroup {
  readonly id: string;
  readonly title: string;
  /** Where the keys work. */
  readonly where: string;
  /** The file whose handler implements them. */
  readonly source: string;
  readonly items: readonly Shortcut[];
}

const MOD = 'Ctrl/⌘';

export const SHORTCUTS: readonly ShortcutGroup[] = [
  {
    id: 'stepping',
    title: 'Stepping',
    where: 'Anywhere on the page, except while typing in a field or inside the map, a dialog or the step slider',
    source: 'src/ui/shell/useStepKeys.ts',
    items: [
      { keys: [['←'], ['→']], what: 'previous / next step', codes: ['ArrowLeft', 'ArrowRight'] },
      { keys: [['Shift', '←'], ['Shift', '→']], what: '10 steps back / forward', codes: [] },
      { keys: [['PageUp'], ['PageDown']], what: '10 steps back / forward', codes: ['PageUp', 'PageDown'] },
      { keys: [['Home']], what: 'before the first step (the machine as the scenario sets it up)', codes: ['Home'] },
      { keys: [['End']], what: 'the last step', codes: ['End'] },
      { keys: [['Space']], what: 'play / pause (at the speed chosen next to the stepper)', codes: [' '] },
    ],
  },
  {
    id: 'page',
    title: 'Page',
    where: 'Anywhere, except while typing in a field',
    source: 'src/ui/help/useHelpKey.ts',
    items: [
      { keys: [['?']], what: 'this help (again: close it)', codes: ['?'] },
      { keys: [['Esc']], what: 'close the open dialog (share, help, editor)', codes: ['Escape'] },
    ],
  },
  {
    id: 'tour',
    title: 'Tours',
    where: 'While a tour plays (Tours in the top bar); Shift+arrows and the other stepping keys still move the timeline',
    source: 'src/ui/tours/useTourKeys.ts',
    items: [{ keys: [['←'], ['→']], what: 'previous / next step of the tour', codes: ['ArrowLeft', 'ArrowRight'] }],
  },
  {
    id: 'compare',
    title: 'Compare',
    where: 'In the compare table (Compare in the top bar), once focused',
    source: 'src/ui/compare/CompareTable.tsx',
    items: [
      { keys: [['↑'], ['↓']], what: 'previous / next step', codes: ['ArrowUp', 'ArrowDown'] },
      { keys: [['PageUp'], ['PageDown']], what: '10 steps back / forward', codes: ['PageUp', 'PageDown'] },
      { keys: [['Home'], ['End']], what: 'before the first step / the last step', codes: ['Home', 'End'] },
      { keys: [['n'], ['p']], what: 'next / previous divergence', codes: ['n', 'p'] },
      { keys: [['f']], what: 'the first divergence', codes: ['f'] },
    ],
  },
  {
    id: 'map',
    title: 'Address map',
    where: 'With the map focused (click it, or Tab to it)',
    source: 'src/ui/map/AddressMap.tsx',
    items: [
      { keys: [['+'], ['=']], what: 'zoom in ×2 about the pointer (or the centre)', codes: ['+', '='] },
      { keys: [['−']], what: 'zoom out ×2', codes: ['-'] },
      { keys: [['Shift', '−']], what: 'zoom out ×8', codes: ['_'] },
      { keys: [['←'], ['→']], what: 'pan by an eighth of the width (Shift: half)', codes: ['ArrowLeft', 'ArrowRight'] },
      { keys: [['f']], what: 'fit the content (and follow it from step to step again)', codes: ['f'] },
      { keys: [['a']], what: 'fit every space whole (apertures, windows)', codes: ['a'] },
      { keys: [['0']], what: 'the whole 64-bit space', codes: ['0'] },
      { keys: [['Esc']], what: 'clear a range or address selection', codes: ['Escape'] },
    ],
  },
  {
    id: 'map-mouse',
    title: 'Address map, pointer',
    where: 'Over the map',
    source: 'src/ui/map/gestures.ts',
    items: [
      { keys: [['wheel']], what: 'zoom about the pointer (Ctrl: faster)', codes: [] },
      { keys: [['drag'], ['Shift', 'wheel']], what: 'pan (a horizontal wheel or trackpad swipe too)', codes: [] },
      { keys: [['click']], what: 'select the range under the pointer', codes: [] },
      { keys: [['double-click'], ['Alt', 'click']], what: 'walk the page table for that address', codes: [] },
    ],
  },
  {
    id: 'map-table',
    title: 'Address map table',
    where: 'In the table under the map (the “Table” button)',
    source: 'src/ui/map/MapTable.tsx',
    items: [
      { keys: [['↑'], ['↓']], what: 'previous / next row', codes: ['ArrowUp', 'ArrowDown'] },
      { keys: [['PageUp'], ['PageDown']], what: 'a page of rows', codes: ['PageUp', 'PageDown'] },
      { keys: [['Home'], ['End']], what: 'first / last row', codes: ['Home', 'End'] },
      { keys: [['Enter'], ['Space']], what: 'select the row’s range', codes: ['Enter', ' '] },
    ],
  },
  {
    id: 'graph',
    title: 'Topology graph',
    where: 'In the graph: Tab moves between object cards',
    source: 'src/ui/graph/TopologyGraph.tsx',
    items: [
      { keys: [['Enter'], ['Space']], what: 'inspect the focused object', codes: ['Enter', ' '] },
      { keys: [['Esc']], what: 'clear the selection', codes: ['Escape'] },
      { keys: [['wheel'], ['drag']], what: 'zoom / pan the graph (the +, −, fit buttons too)', codes: [] },
    ],
  },
  {
    id: 'walk',
    title: 'Page walk',
    where: 'In the IOVA field of the page-walk panel',
    source: 'src/ui/pagetable/WalkControls.tsx',
    items: [{ keys: [['Enter']], what: 'walk the address typed (hex)', codes: ['Enter'] }],
  },
  {
    id: 'editor',
    title: 'Editor',
    where: 'In the Edit dialog',
    source: 'src/ui/editor/EditorSession.tsx',
    items: [
      { keys: [[MOD, 'Enter'], [MOD, 'S']], what: 'apply the edit (only a valid scenario is applied)', codes: ['Enter', 's'] },
      { keys: [[MOD, 'Z']], what: 'undo (outside a text field)', codes: ['z'] },
      { keys: [[MOD, 'Shift', 'Z']], what: 'redo', codes: [] },
      { keys: [['Esc']], what: 'close (asks first when changes are not applied)', codes: ['Escape'] },
    ],
  },
  {
    id: 'editor-steps',
    title: 'Editor, step order',
    where: 'On a step’s drag handle',
    source: 'src/ui/editor/StepRowEditor.tsx',
    items: [
      { keys: [['↑'], ['↓']], what: 'move the step up / down', codes: ['ArrowUp', 'ArrowDown'] },
      { keys: [['Home'], ['End']], what: 'move it first / last', codes: ['Home', 'End'] },
    ],
  },
];
