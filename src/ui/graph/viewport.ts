// Where the camera goes when a scenario is opened: the whole graph when it fits at a readable
// zoom, else the part around the focus (what the step added or changed, or what is selected)
// at the smallest readable zoom (a 300-object machine fitted whole is a grey smear; a few
// columns at a readable size are a picture; the minimap and "fit" show the rest). With no
// focus, the whole graph down to a smaller overview zoom, else its top left.
// "Readable" counts on the cards' far look (larger kind and label below 0.8, graph.css
// .topo-far): at 0.55 their labels are about 9 px. The left margin leaves room for the zoom
// buttons in the bottom-left corner. Pure.

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export const READABLE_ZOOM = 0.55;
/** With nothing to look at in particular, the whole graph is worth a smaller zoom. */
export const OVERVIEW_ZOOM = 0.4;
const MAX_ZOOM = 1.25;
const PAD = 24;
/** Left of the graph: the zoom buttons' corner (React Flow's Controls, bottom-left). */
const PAD_LEFT = 52;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export function initialViewport(graph: { width: number; height: number }, view: { width: number; height: number }, focus: Box | null = null): Viewport {
  if (graph.width <= 0 || graph.height <= 0 || view.width <= 0 || view.height <= 0) return { x: PAD_LEFT, y: PAD, zoom: 1 };
  const roomW = view.width - PAD_LEFT - PAD;
  const roomH = view.height - 2 * PAD;
  const fitAll = Math.min(roomW / graph.width, roomH / graph.height);
  const floor = focus ? READABLE_ZOOM : OVERVIEW_ZOOM;
  if (fitAll >= floor) {
    const zoom = Math.min(fitAll, MAX_ZOOM);
    return { x: PAD_LEFT + (roomW - graph.width * zoom) / 2, y: PAD + (roomH - graph.height * zoom) / 2, zoom };
  }
  // Too big: as much width as is readable; along each axis, centred when the graph fits, else
  // on the focus (kept from showing empty space past the graph's ends), else from the start.
  const zoom = Math.min(Math.max(roomW / graph.width, floor), MAX_ZOOM);
  const place = (size: number, room: number, start: number, mid: number | null): number => {
    if (size * zoom <= room) return start + (room - size * zoom) / 2;
    if (mid === null) return start;
    const centred = start + room / 2 - mid * zoom;
    return Math.min(start, Math.max(start + room - size * zoom, centred));
  };
  const x = place(graph.width, roomW, PAD_LEFT, focus ? focus.x + focus.w / 2 : null);
  const y = place(graph.height, roomH, PAD, focus ? focus.y + focus.h / 2 : null);
  return { x, y, zoom };
}

/** The bounds of some boxes, or null for none. */
export function boundsOf(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Whether two successive graphs are the same machine (else the camera starts over). */
export function sameMachine(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let common = 0;
  for (const id of a) if (b.has(id)) common++;
  return common / Math.max(a.size, b.size) >= 0.5;
}

/**
 * Where to centre the camera so that some of `boxes` (graph coordinates) is seen, or null when
 * one of them is already on screen (then nothing moves). Centres on the boxes' bounds when they
 * fit the view at the current zoom, else on the first box.
 */
export function revealTarget(
  boxes: readonly { x: number; y: number; w: number; h: number }[],
  vp: Viewport,
  view: { width: number; height: number },
): { x: number; y: number } | null {
  if (boxes.length === 0) return null;
  const onScreen = (b: { x: number; y: number; w: number; h: number }): boolean => {
    const sx = b.x * vp.zoom + vp.x;
    const sy = b.y * vp.zoom + vp.y;
    return sx + b.w * vp.zoom > 0 && sx < view.width && sy + b.h * vp.zoom > 0 && sy < view.height;
  };
  if (boxes.some(onScreen)) return null;
  const all = boundsOf(boxes)!;
  if (all.w * vp.zoom <= view.width && all.h * vp.zoom <= view.height) return { x: all.x + all.w / 2, y: all.y + all.h / 2 };
  const b = boxes[0]!;
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** The viewport that puts graph point `p` at the centre of the view, at `zoom`. */
export function centreOn(p: { x: number; y: number }, zoom: number, view: { width: number; height: number }): Viewport {
  return { x: view.width / 2 - p.x * zoom, y: view.height / 2 - p.y * zoom, zoom };
}
