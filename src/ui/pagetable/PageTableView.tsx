// The page-table view: the walk of one IOVA level by level, and the table occupancy.
// Which space and IOVA follow the shared selection (target.ts); the walk itself comes from
// the worker (`walk` prop), so this file only keeps the user's choice and draws the answer.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { PageWalkResult, Snapshot, SpaceKind } from '../../core/view/types';
import type { Selection } from '../../state/selection';
import { sameSelection } from '../../state/selection';
import { parseIova } from './iova';
import type { WalkTarget } from './target';
import { defaultIova, resolveSpace, targetFromSelection, walkableSpaces } from './target';
import { hex } from './text';
import { useWalk } from './useWalk';
import { WalkControls } from './WalkControls';
import { WalkDetails } from './WalkDetails';
import './pagetable.css';

export interface PageTableViewProps {
  readonly snapshot: Snapshot;
  readonly selection: Selection;
  readonly onSelect: (sel: Selection) => void;
  /** Asks the worker for the walk of `iova` in address space `space` at the current step. */
  readonly walk: (space: string, iova: bigint) => Promise<PageWalkResult>;
}

/** Why a space has no IO page table to walk (by kind), in a few words. */
export function noTableReason(kind: SpaceKind): string {
  switch (kind) {
    case 'ioas':
    case 'compat-ioas':
      return 'an IOAS has no hardware page table (its HWPTs do)';
    case 'process':
      return 'process memory has no IO page table';
    case 'vdpa-iotlb':
      return 'a vhost IOTLB is a software range list; the parent programs it into the device (mlx5 memory keys; vdpa_sim keeps its own copy, set by set_map) or, for a platform-IOMMU parent, maps it into an IOMMU domain';
    case 'sva':
      return "an SVA PASID shares the process's CPU page table; the IOMMU walks that, not an IO page table";
    case 'kvm-tce':
      return 'this KVM TCE table has no window to walk at this step';
    case 'type1':
    case 'hwpt':
    case 'spapr':
    case 'pasid':
      return 'no page table at this step';
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

/** Why the selected address is not the one walked: its space has no IO page table. */
function elsewhereNote(sel: Selection, snapshot: Snapshot, walked: string): string | null {
  if (sel.kind !== 'address') return null;
  const sp = snapshot.spaces.find((x) => x.id === sel.space);
  if (!sp || sp.walkable) return null;
  return `${hex(sel.iova)} is in ${sp.title}: ${noTableReason(sp.kind)}. Walking ${walked}.`;
}

/** When nothing can be walked: what there is instead, by space (the first few). */
function nothingToWalk(snapshot: Snapshot): string[] {
  return snapshot.spaces.slice(0, 4).map((sp) => `${sp.title}: ${noTableReason(sp.kind)}.`);
}

export function PageTableView(props: PageTableViewProps) {
  const { snapshot, selection, onSelect } = props;
  const [target, setTarget] = useState<WalkTarget>({ space: null, iova: null });
  const emitted = useRef<Selection | null>(null);
  const applied = useRef<Selection | null>(null);

  // Follow the shared selection when it changes (not on every step: the user's own choice of
  // space in the picker must survive stepping).
  useEffect(() => {
    if (applied.current && sameSelection(applied.current, selection)) return;
    applied.current = selection;
    setTarget((t) => targetFromSelection(selection, snapshot, t, emitted.current));
    // The snapshot is read here, not followed: a step alone does not re-apply the selection.
  }, [selection]);

  const spaces = useMemo(() => walkableSpaces(snapshot), [snapshot]);
  const space = resolveSpace(target, snapshot);
  // The default scans the space's mappings once per snapshot, not on every render (100k ranges).
  const fallback = useMemo(() => (space ? defaultIova(space) : null), [space]);
  const iova = target.iova ?? fallback;

  const [text, setText] = useState('');
  const [showError, setShowError] = useState(false);
  useEffect(() => {
    setText(iova === null ? '' : hex(iova));
    setShowError(false);
  }, [iova, space?.id]);
  const parsed = parseIova(text);

  const state = useWalk(props.walk, snapshot, space?.id ?? null, iova);
  const elsewhere = space ? elsewhereNote(selection, snapshot, space.title) : null;

  const emit = (sel: Selection) => {
    emitted.current = sel;
    onSelect(sel);
  };
  const submit = () => {
    if (!parsed.ok || !space) {
      setShowError(true);
      return;
    }
    setTarget({ space: space.id, iova: parsed.value });
    emit({ kind: 'address', space: space.id, iova: parsed.value });
  };
  // Another space at the same IOVA (or its default): the other views follow, as after Enter.
  const changeSpace = (id: string) => {
    const sp = spaces.find((x) => x.id === id);
    if (!sp) return;
    setTarget({ space: id, iova: target.iova });
    emit({ kind: 'address', space: id, iova: target.iova ?? defaultIova(sp) });
  };
  const pick = (first: bigint, last: bigint) => {
    if (space) emit({ kind: 'range', space: space.id, first, last });
  };

  return (
    <section className="ptv" data-testid="page-table-view" data-state={state.kind} aria-label="Page-table walk">
      <WalkControls
        spaces={spaces}
        space={space?.id ?? null}
        onSpace={changeSpace}
        text={text}
        onText={(t) => {
          setText(t);
          // Judge as the user types once there is something to judge; empty is not an error yet.
          setShowError(t.trim() !== '');
        }}
        parsed={parsed}
        showError={showError}
        onSubmit={submit}
      />
      {elsewhere && (
        <p className="ptv-note ptv-small" data-testid="ptv-elsewhere">
          {elsewhere}
        </p>
      )}
      {spaces.length === 0 ? (
        <div className="ptv-empty" data-testid="ptv-no-space">
          <p>No IO page table to walk at this step.</p>
          {nothingToWalk(snapshot).map((line) => (
            <p key={line} className="ptv-small">
              {line}
            </p>
          ))}
        </div>
      ) : state.kind === 'error' ? (
        <p className="ptv-empty ptv-error" role="alert" data-testid="ptv-walk-error">
          The walk failed: {state.message}
        </p>
      ) : state.kind === 'done' ? (
        <WalkDetails result={state.result} stale={false} onPick={pick} />
      ) : state.kind === 'loading' && state.previous ? (
        <WalkDetails result={state.previous} stale onPick={pick} />
      ) : state.kind === 'loading' && iova !== null ? (
        <p className="ptv-empty" data-testid="ptv-loading">
          Walking {hex(iova)}…
        </p>
      ) : null}
    </section>
  );
}
