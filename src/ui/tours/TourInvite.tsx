// One line for the welcome page: where the guided tours are.

import { useTourStore } from './useTours';

export function TourInvite() {
  const tours = useTourStore();
  return (
    <li>
      Take a guided tour of the seed threads, narrated step by step:{' '}
      <button type="button" className="linkish" data-testid="welcome-tours" onClick={() => tours.getState().openPicker()}>
        Tours
      </button>
      .
    </li>
  );
}
