// Where the camera goes when a scenario is opened: the whole graph when it fits at a readable
// zoom, else the top of it at the smallest readable zoom (a 300-object machine fitted whole
// is a grey smear; its first columns at a readable size are a picture). "Readable" counts on
// the cards' far look (larger kind and label below 0.8, graph.css .topo-far). Pure.

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export const READABLE_ZOOM = 0.45;
const MAX_ZOOM = 1.25;
const PAD = 24;

export function initialViewport(graph: { width: number; height: number }, view: { width: number; height: number }): Viewport {
  if (graph.width <= 0 || graph.height <= 0 || view.width <= 0 || view.height <= 0) return { x: PAD, y: PAD, zoom: 1 };
  const fitAll = Math.min((view.width - 2 * PAD) / graph.width, (view.height - 2 * PAD) / graph.height);
  if (fitAll >= READABLE_ZOOM) {
    const zoom = Math.min(fitAll, MAX_ZOOM);
    return { x: (view.width - graph.width * zoom) / 2, y: (view.height - graph.height * zoom) / 2, zoom };
  }
  // Too big: as much width as is readable, from the top left; centred along an axis that fits.
  const zoom = Math.min(Math.max((view.width - 2 * PAD) / graph.width, READABLE_ZOOM), MAX_ZOOM);
  const x = graph.width * zoom <= view.width - 2 * PAD ? (view.width - graph.width * zoom) / 2 : PAD;
  const y = graph.height * zoom <= view.height - 2 * PAD ? (view.height - graph.height * zoom) / 2 : PAD;
  return { x, y, zoom };
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
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  if ((x1 - x0) * vp.zoom <= view.width && (y1 - y0) * vp.zoom <= view.height) return { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
  const b = boxes[0]!;
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** The viewport that puts graph point `p` at the centre of the view, at `zoom`. */
export function centreOn(p: { x: number; y: number }, zoom: number, view: { width: number; height: number }): Viewport {
  return { x: view.width / 2 - p.x * zoom, y: view.height / 2 - p.y * zoom, zoom };
}
