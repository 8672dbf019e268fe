// Shown before any scenario is loaded.

import { TourInvite } from '../tours/TourInvite';

export function Welcome() {
  return (
    <section className="welcome" data-testid="welcome">
      <h1>Explore what the kernel does with your IOVAs</h1>
      <p>
        iova-atlas replays a scenario (the VFIO, iommufd and sPAPR ioctls a VMM or a test program issues) against a
        simulated Linux kernel, and shows every call's result: the same accept or reject decision, the same errno,
        the same resulting state as the real kernel, with the kernel function that decides it.
      </p>
      <ul className="welcome-ways">
        <TourInvite />
        <li>Pick one of the examples on the left.</li>
        <li>
          Open a scenario file with <em>Open file…</em>, or drop it anywhere on this page.
        </li>
        <li>
          Link to one: <code>?src=&lt;address of a scenario file&gt;</code>.
        </li>
      </ul>
      <p className="muted small">Everything runs in your browser; nothing is uploaded.</p>
    </section>
  );
}
