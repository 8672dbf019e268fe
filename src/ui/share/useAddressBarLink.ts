// Wires the address bar's link (addressBar.ts) to the page: the link worker, the window's
// location, `hashchange`, and the map's window (pans and zooms are gestures: a pointer release,
// a wheel turn or a key in the map re-reads it, debounced with everything else).

import { useEffect } from 'react';
import { markBusy, markIdle } from '../automation';
import { useExplorerStore } from '../StoreContext';
import { AddressBarSync, windowLocation } from './addressBar';
import { WorkerCodec } from './codec';
import { placeMapWindow, readMapWindow } from './mapWindow';
import { useShareStore } from './ShareContext';

let runs = 0;

export function useAddressBarLink(): void {
  const store = useExplorerStore();
  const share = useShareStore();
  useEffect(() => {
    const codec = new WorkerCodec();
    // One key per effect run: React's development double run must not idle the second.
    const busyKey = `link:${++runs}`;
    const sync = new AddressBarSync({
      store,
      share,
      codec,
      location: windowLocation,
      readMap: readMapWindow,
      placeMap: placeMapWindow,
      // Opening a link is part of loading: the page is not settled until its view is in place.
      busy: (on) => (on ? markBusy(busyKey) : markIdle(busyKey)),
    });
    sync.start();
    const onHash = (): void => sync.hashChanged();
    const onGesture = (): void => sync.poke();
    window.addEventListener('hashchange', onHash);
    const opts = { capture: true, passive: true } as const;
    window.addEventListener('pointerup', onGesture, opts);
    window.addEventListener('wheel', onGesture, opts);
    window.addEventListener('keyup', onGesture, opts);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('pointerup', onGesture, opts);
      window.removeEventListener('wheel', onGesture, opts);
      window.removeEventListener('keyup', onGesture, opts);
      sync.dispose();
      codec.dispose();
    };
  }, [store, share]);
}
