// What the user has selected, shared by every view (graph, address map, inspector, page walk).
// Ids are the view model's stable ids (src/core/view/types.ts), so a selection survives a seek.

export type Selection =
  | { readonly kind: 'none' }
  /** A topology node: a device, group, container, IOAS, HWPT, window... */
  | { readonly kind: 'node'; readonly id: string }
  /** One range of an address space (a mapping, a reserved region, a window). */
  | { readonly kind: 'range'; readonly space: string; readonly first: bigint; readonly last: bigint }
  /** One address of a space: what the page-table walk follows. */
  | { readonly kind: 'address'; readonly space: string; readonly iova: bigint };

export const NO_SELECTION: Selection = { kind: 'none' };

export function sameSelection(a: Selection, b: Selection): boolean {
  switch (a.kind) {
    case 'none': return b.kind === 'none';
    case 'node': return b.kind === 'node' && a.id === b.id;
    case 'range': return b.kind === 'range' && a.space === b.space && a.first === b.first && a.last === b.last;
    case 'address': return b.kind === 'address' && a.space === b.space && a.iova === b.iova;
  }
}
