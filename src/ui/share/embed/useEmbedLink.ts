// The embed opens its address once (the fragment's link, else ?src=) and never writes it back.
// Its "open in the explorer" link follows what the reader has stepped to: the link of the
// screen, made in the link worker after a quiet moment; until then (or if no link can be made)
// the embed's own fragment.

import { useEffect, useState } from 'react';
import type { LinkErrorKind } from '../../../core/share';
import { markBusy, markIdle } from '../../automation';
import { useExplorerStore } from '../../StoreContext';
import type { LinkCodec } from '../codec';
import { WorkerCodec } from '../codec';
import { planOf, screenState } from '../linkState';
import { placeMapWindow, readMapWindow } from '../mapWindow';
import { applyLinkPlan } from '../openLink';
import { explorerUrlFromEmbed, srcOf } from '../params';

export type EmbedOpening =
  | { readonly kind: 'opening' }
  | { readonly kind: 'open' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'failed'; readonly errorKind: LinkErrorKind; readonly message: string; readonly where: string };

const FOLLOW_MS = 400;
let runs = 0;

export interface ExplorerLink {
  readonly href: string;
  /** The step the link opens at; null while it is the embed's own fragment. */
  readonly step: number | null;
}

export function useEmbedLink(): { opening: EmbedOpening; explorer: ExplorerLink } {
  const store = useExplorerStore();
  const [opening, setOpening] = useState<EmbedOpening>({ kind: 'opening' });
  const [explorer, setExplorer] = useState<ExplorerLink>(() => ({ href: explorerUrlFromEmbed(window.location.href, null), step: null }));

  useEffect(() => {
    const codec: LinkCodec = new WorkerCodec();
    let disposed = false;
    const stale = (): boolean => disposed;
    const hash = window.location.hash;
    const src = srcOf(window.location.search);

    const open = async (): Promise<void> => {
      if (hash && hash !== '#') {
        const r = await codec.decode(hash);
        if (disposed) return;
        if (r.ok) {
          await applyLinkPlan(store, planOf(r), { origin: src ?? 'the link', src, placeMap: placeMapWindow, stale });
          if (!disposed) setOpening({ kind: 'open' });
          return;
        }
        setOpening({ kind: 'failed', errorKind: r.kind, message: r.message, where: r.where });
        if (src) void store.getState().openUrl(src);
        return;
      }
      if (src) {
        await store.getState().openUrl(src);
        if (!disposed) setOpening({ kind: 'open' });
        return;
      }
      setOpening({ kind: 'empty' });
    };
    // Opening is part of loading: the page is not settled until the link's view is in place.
    // (One key per effect run: React's development double run must not idle the second.)
    const busyKey = `embed-link:${++runs}`;
    markBusy(busyKey);
    void open().finally(() => markIdle(busyKey));

    // The explorer link follows the reader's step, selection and view.
    let timer: ReturnType<typeof setTimeout> | null = null;
    let seq = 0;
    const follow = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        const st = store.getState();
        if (!st.current || st.run.kind !== 'done') return;
        const mine = ++seq;
        const state = screenState({ cursor: st.cursor, selection: st.selection, viewMode: st.viewMode, walkTarget: st.walkTarget, map: st.viewMode === 'graph' ? null : readMapWindow() });
        void codec.encode(st.current.text, state).then((a) => {
          if (disposed || mine !== seq) return;
          setExplorer({ href: explorerUrlFromEmbed(window.location.href, a.ok ? a.fragment : null), step: a.ok ? state.step : null });
        });
      }, FOLLOW_MS);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.current !== prev.current || s.cursor !== prev.cursor || s.selection !== prev.selection || s.viewMode !== prev.viewMode || s.walkTarget !== prev.walkTarget || s.run !== prev.run) follow();
    });
    const opts = { capture: true, passive: true } as const;
    window.addEventListener('pointerup', follow, opts);
    window.addEventListener('wheel', follow, opts);
    window.addEventListener('keyup', follow, opts);
    return () => {
      disposed = true;
      // Its decode may never answer now (the codec is disposed): the run is over either way.
      markIdle(busyKey);
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
      window.removeEventListener('pointerup', follow, opts);
      window.removeEventListener('wheel', follow, opts);
      window.removeEventListener('keyup', follow, opts);
      codec.dispose();
    };
  }, [store]);

  return { opening, explorer };
}
