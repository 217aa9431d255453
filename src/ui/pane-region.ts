/** The arithmetic of a pane's picture: which canvas pixels are the pane, where its overlays go. No DOM. */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A rectangle of whole device pixels. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The canvas pixels under `pane` (CSS boxes in the same coordinates), the canvas being `canvas` on
 * screen and `pixels` in its drawing buffer: edges rounded as the renderer's viewport is (pane-layout
 * sizes the buffer to the viewer times the device pixel ratio), clamped to the buffer.
 */
export function paneCanvasRect(pane: Box, canvas: Box, pixels: { width: number; height: number }): PixelRect {
  if (canvas.width <= 0 || canvas.height <= 0) return { x: 0, y: 0, width: 0, height: 0 };
  const sx = pixels.width / canvas.width;
  const sy = pixels.height / canvas.height;
  const clampX = (v: number) => Math.min(pixels.width, Math.max(0, Math.round(v)));
  const clampY = (v: number) => Math.min(pixels.height, Math.max(0, Math.round(v)));
  const x0 = clampX((pane.left - canvas.left) * sx);
  const x1 = clampX((pane.left + pane.width - canvas.left) * sx);
  const y0 = clampY((pane.top - canvas.top) * sy);
  const y1 = clampY((pane.top + pane.height - canvas.top) * sy);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A box relative to `origin`, e.g. an overlay element within its pane, in CSS pixels. */
export function relativeBox(box: Box, origin: Pick<Box, 'left' | 'top'>): Box {
  return { left: box.left - origin.left, top: box.top - origin.top, width: box.width, height: box.height };
}

export interface TextShadow {
  colour: string;
  offsetX: number;
  offsetY: number;
  blur: number;
}

/**
 * The first shadow of a computed `text-shadow` ("rgb(0, 0, 0) 0px 0px 3px", colour first as the
 * browser writes it, or last), for the canvas's shadow settings; null for "none" or anything else.
 */
export function parseTextShadow(value: string): TextShadow | null {
  const first = splitTopLevel(value.trim())[0];
  if (!first || first === 'none') return null;
  const colourMatch = /(rgba?\([^)]*\)|#[0-9a-f]{3,8}\b|[a-z]+)(?![\w(])/i.exec(first.replace(/-?\d*\.?\d+px/g, ' '));
  const lengths = [...first.matchAll(/(-?\d*\.?\d+)px/g)].map((m) => Number(m[1]));
  if (!colourMatch || lengths.length < 2) return null;
  return { colour: colourMatch[1]!, offsetX: lengths[0]!, offsetY: lengths[1]!, blur: lengths[2] ?? 0 };
}

/** Splits a CSS list at its top-level commas (not those inside rgb(…)). */
function splitTopLevel(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(value.slice(start).trim());
  return parts;
}
