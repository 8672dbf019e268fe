// "Tours" in the top bar: opens the tour picker (and its dialog, rendered here so the top bar
// needs one element only).

import { lazy } from 'react';
import { LazyPart } from '../components/LazyPart';
import { useTours, useTourStore } from './useTours';

// The picker loads with its first opening, not with the page.
const PickerDialog = lazy(() => import('./TourPicker').then((m) => ({ default: m.PickerDialog })));

export function TourButton() {
  const tours = useTourStore();
  const playing = useTours((s) => s.active !== null);
  const starting = useTours((s) => s.starting !== null);
  const pickerOpen = useTours((s) => s.pickerOpen);
  return (
    <>
      <button
        type="button"
        className={`btn${playing ? ' tour-button-on' : ''}`}
        data-testid="tours-button"
        aria-haspopup="dialog"
        onClick={() => tours.getState().openPicker()}
        title="Guided tours of the seed threads: narrated scenarios you step through with the arrow keys"
      >
        {starting ? 'Tours…' : 'Tours'}
      </button>
      {pickerOpen && (
        <LazyPart busyKey="tour-picker" quiet>
          <PickerDialog />
        </LazyPart>
      )}
    </>
  );
}
