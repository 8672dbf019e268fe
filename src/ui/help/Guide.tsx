// The short guide beside the shortcuts: what each view shows, how to read the address map,
// where a step's errno, reason and source come from, and how links and tours work.

import { LINK_SAFE_CHARS } from '../../core/share';

export function Guide() {
  return (
    <section className="hp-guide" aria-label="Guide" data-testid="help-guide">
      <h3 className="hp-h">Guide</h3>
      <h4>The views</h4>
      <p>
        A <em>scenario</em> is the list of uAPI calls a VMM or a test program makes (open, VFIO and iommufd ioctls, sPAPR TCE, vhost-vDPA, KVM). It runs
        against a simulated kernel; the explorer shows the state after the step you are at.
      </p>
      <ul>
        <li>
          <strong>Steps</strong> (left): every call with its result. The current one is highlighted; click one to go there.
        </li>
        <li>
          <strong>Graph</strong>: the objects (devices, groups, containers, IOAS, HWPT, windows, processes) and who holds whom. What the step changed is
          ringed; what it removed stays as a faded ghost for one step.
        </li>
        <li>
          <strong>Address map</strong>: every address space as a lane on one 64-bit axis.
        </li>
        <li>
          <strong>Inspector</strong> and <strong>Page walk</strong> (right): the selected object or range in full, and the page-table walk of an address,
          level by level, with the bits that index each level.
        </li>
      </ul>
      <h4>Reading the map</h4>
      <p>
        Each lane is one address space: a container’s or an IOAS’s IOVA space, a hardware domain, a TCE window, a process’s virtual memory. Colours
        are the range kinds of the legend (mappings, reserved regions, windows). Addresses are exact: tick labels are full hex, with the digits all
        ticks share written once at the axis’s start. Zoom from the whole 2<sup>64</sup> down to a single page; hover for a range’s bounds and size;
        double-click an address to walk its page table.
      </p>
      <h4>errno, reason and source</h4>
      <p>
        A failing step shows the errno the ioctl returns, a one-line <em>reason</em> (which check refused it), and the <em>source</em>: the kernel file and
        function that makes the decision (say <code>drivers/vfio/vfio_iommu_type1.c: vfio_dma_do_map</code>), to read next to the explorer. A failing call
        changes nothing unless the real kernel’s does (then it says “partial effects”). A step whose result differs from the scenario’s own{' '}
        <code>expect</code> is marked.
      </p>
      <h4>Links</h4>
      <p>
        The address bar always holds a link to what is on screen: the scenario itself (compressed into the link, nothing is uploaded), the step, the
        selection and the view, including the map’s window. <strong>Share…</strong> gives the link, an <code>&lt;iframe&gt;</code> snippet for slides and
        posts, and the scenario file. Links up to {LINK_SAFE_CHARS.toLocaleString('en-US')} characters survive chat clients and issue trackers; for longer
        ones share the file. A damaged or cut link says what is wrong and leaves your work as it was.
      </p>
      <h4>Files and autosave</h4>
      <p>
        <strong>Open file…</strong> or a drop on the page opens a scenario JSON file, or an SVG exported here (it carries its scenario and step).{' '}
        <strong>Download</strong> saves the scenario as JSON, the format the command line reads. <strong>Export</strong> saves the graph or the map at
        this step as PNG or SVG. Your scenario, step, selection and view are kept in this browser as you work, so a reload or a crashed tab comes back
        where you were; a link in the address wins over the saved session.
      </p>
      <h4>Tours</h4>
      <p>
        Tours walk through the situations argued in the seed threads (sPAPR containers and KVM, PPC’s two DMA windows against x86’s one aperture,
        vDPA resets, PASIDs), one narrated step at a time (← and → while a tour plays); each step opens a full state, so jumping around never leaves
        a half-updated picture.
      </p>
    </section>
  );
}
