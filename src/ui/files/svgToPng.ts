// PNG from SVG text: the SVG loaded as an image (no html-to-image dependency: the SVG is ours and
// self-contained) and drawn on a canvas at a scale. Canvases have a size limit (Chromium: 16384
// px a side, about 268 M pixels), so very large drawings are scaled down to fit it.

/** Largest side and area an export canvas is given. */
const MAX_SIDE = 16_000;
const MAX_AREA = 120_000_000;

/** The scale to draw at: `wanted` (the device pixel ratio), less if the canvas would be too big. */
export function clampScale(width: number, height: number, wanted: number): number {
  let k = Number.isFinite(wanted) && wanted > 0 ? wanted : 1;
  k = Math.min(k, MAX_SIDE / Math.max(1, width), MAX_SIDE / Math.max(1, height));
  k = Math.min(k, Math.sqrt(MAX_AREA / Math.max(1, width * height)));
  return k;
}

export function canvasToPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG (the drawing may be too large)'))), 'image/png');
  });
}

export async function svgToPng(svg: string, width: number, height: number, scale: number): Promise<{ blob: Blob; width: number; height: number; scale: number }> {
  const k = clampScale(width, height, scale);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    try {
      await img.decode();
    } catch {
      throw new Error('the browser could not draw the SVG as an image');
    }
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * k);
    canvas.height = Math.round(height * k);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser gave no 2D canvas to draw on');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await canvasToPng(canvas);
    return { blob, width: canvas.width, height: canvas.height, scale: k };
  } finally {
    URL.revokeObjectURL(url);
  }
}
