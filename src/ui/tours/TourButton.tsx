// "Tours" in the top bar: opens the tour picker (and its dialog, rendered here so the top bar
// needs one element only).

import { TourPicker } from './TourPicker';
import { useTours, useTourStore } from './useTours';

export function TourButton() {
  const tours = useTourStore();
  const playing = useTours((s) => s.active !== null);
  const starting = useTours((s) => s.starting !== null);
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
      <TourPicker />
    </>
  );
}
