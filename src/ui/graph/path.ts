// Edge paths: from the source's right side through dagre's bends to the target's left side.
// Each piece is a cubic with horizontal tangents at both ends (a "bump" curve), so the path
// passes through every bend (dagre kept those free of nodes) and straight runs stay straight.

import type { Point } from './layout';

export function edgePath(sx: number, sy: number, bends: readonly Point[] | undefined, tx: number, ty: number): string {
  const pts: Point[] = [{ x: sx, y: sy }, ...(bends ?? []), { x: tx, y: ty }];
  let d = `M${r(sx)},${r(sy)}`;
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i - 1]!;
    const q = pts[i]!;
    if (p.y === q.y) {
      d += `L${r(q.x)},${r(q.y)}`;
      continue;
    }
    const mx = (p.x + q.x) / 2;
    d += `C${r(mx)},${r(p.y)} ${r(mx)},${r(q.y)} ${r(q.x)},${r(q.y)}`;
  }
  return d;
}

/** Where to put a label: the middle point of the route (a bend when there is one). */
export function edgeMidpoint(sx: number, sy: number, bends: readonly Point[] | undefined, tx: number, ty: number): Point {
  if (bends && bends.length > 0) return bends[Math.floor((bends.length - 1) / 2)]!;
  return { x: (sx + tx) / 2, y: (sy + ty) / 2 };
}

/** Two decimals are plenty for pixels and keep the path strings short. */
function r(v: number): string {
  return String(Math.round(v * 100) / 100);
}
