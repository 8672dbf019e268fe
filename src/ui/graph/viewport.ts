// Where the camera goes when a scenario is opened: the whole graph when it fits at a readable
// zoom, else the top of it at the smallest readable zoom (a 300-object machine fitted whole
// is a grey smear; its first columns at a readable size are a picture). Pure.

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

export const READABLE_ZOOM = 0.6;
const MAX_ZOOM = 1.25;
const PAD = 24;

export function initialViewport(graph: { width: number; height: number }, view: { width: number; height: number }): Viewport {
  if (graph.width <= 0 || graph.height <= 0 || view.width <= 0 || view.height <= 0) return { x: PAD, y: PAD, zoom: 1 };
  const fitAll = Math.min((view.width - 2 * PAD) / graph.width, (view.height - 2 * PAD) / graph.height);
  if (fitAll >= READABLE_ZOOM) {
    const zoom = Math.min(fitAll, MAX_ZOOM);
    return { x: (view.width - graph.width * zoom) / 2, y: (view.height - graph.height * zoom) / 2, zoom };
  }
  // Too big: as much width as is readable, from the top.
  const zoom = Math.min(Math.max((view.width - 2 * PAD) / graph.width, READABLE_ZOOM), MAX_ZOOM);
  const x = graph.width * zoom <= view.width - 2 * PAD ? (view.width - graph.width * zoom) / 2 : PAD;
  return { x, y: PAD, zoom };
}

/** Whether two successive graphs are the same machine (else the camera starts over). */
export function sameMachine(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  let common = 0;
  for (const id of a) if (b.has(id)) common++;
  return common / Math.max(a.size, b.size) >= 0.5;
}
