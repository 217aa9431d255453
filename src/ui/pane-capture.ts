/**
 * A picture of what is on screen in a pane (or the whole view): its part of the viewer's one WebGL
 * canvas, with the pane's SVG layers (reference lines, `svg[data-annotation-layer]` annotations) and
 * its text (corner text, orientation letters) drawn over it where they are on screen.
 *
 * The canvas keeps its drawing buffer (preserveDrawingBuffer, since panes are drawn one at a time),
 * so it is read as it is now, without a render. SVG is drawn through a blob: image of itself, its
 * computed styles written onto it as attributes (a style sheet does not reach an image); HTML text is drawn with
 * the canvas's own text, in the element's computed font, colour and shadow, at its text's boxes.
 */
import { type Box, paneCanvasRect, parseTextShadow, relativeBox } from './pane-region';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** SVG presentation properties carried from the computed style onto the copy drawn as an image. */
const SVG_STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'vector-effect',
] as const;

/** Elements that are controls, not picture: never drawn into the PNG. */
const NOT_PICTURE = new Set(['INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'CANVAS', 'LABEL']);

/**
 * Draws `area` (a pane, or the viewer for the whole view) as on screen into a new canvas of the
 * device pixels it covers: the WebGL canvas's pixels under it, then the overlays of `panes`.
 */
export async function capturePanes(
  glCanvas: HTMLCanvasElement,
  area: HTMLElement,
  panes: HTMLElement[],
): Promise<HTMLCanvasElement> {
  const canvasBox = glCanvas.getBoundingClientRect();
  const areaBox = area.getBoundingClientRect();
  const region = paneCanvasRect(areaBox, canvasBox, { width: glCanvas.width, height: glCanvas.height });
  if (region.width === 0 || region.height === 0) throw new Error('the pane is not on screen');
  const out = document.createElement('canvas');
  out.width = region.width;
  out.height = region.height;
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('this browser gives no 2D canvas to draw the picture in');
  ctx.fillStyle = backgroundOf(area);
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(glCanvas, region.x, region.y, region.width, region.height, 0, 0, region.width, region.height);
  const scale = { x: glCanvas.width / canvasBox.width, y: glCanvas.height / canvasBox.height };
  // CSS pixels of the area from here on; the origin is the region's own (rounded) top-left corner.
  const origin = { left: canvasBox.left + region.x / scale.x, top: canvasBox.top + region.y / scale.y };
  ctx.setTransform(scale.x, 0, 0, scale.y, 0, 0);
  for (const pane of panes) {
    if (pane.getClientRects().length === 0) continue;
    await drawOverlays(ctx, pane, origin, scale.x);
  }
  return out;
}

/** The area's picture as PNG bytes. */
export function pngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
  );
}

/** An element's overlays, in document order (later ones on top, as on screen). */
async function drawOverlays(ctx: CanvasRenderingContext2D, element: Element, origin: Pick<Box, 'left' | 'top'>, scale: number) {
  for (const child of Array.from(element.children)) {
    if (!shown(child)) continue;
    if (child instanceof SVGSVGElement) await drawSvg(ctx, child, relativeBox(child.getBoundingClientRect(), origin));
    else if (child instanceof HTMLElement && !NOT_PICTURE.has(child.tagName)) {
      drawOwnText(ctx, child, origin, scale);
      await drawOverlays(ctx, child, origin, scale);
    }
  }
}

function shown(element: Element): boolean {
  if (element.getClientRects().length === 0) return false;
  const style = getComputedStyle(element);
  return style.visibility !== 'hidden' && Number(style.opacity) > 0;
}

async function drawSvg(ctx: CanvasRenderingContext2D, svg: SVGSVGElement, box: Box): Promise<void> {
  if (box.width <= 0 || box.height <= 0) return;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const copies = [copy, ...Array.from(copy.querySelectorAll('*'))];
  // As presentation attributes, not a style attribute: the page's policy refuses inline CSS.
  originals.forEach((original, index) => {
    const style = getComputedStyle(original);
    const target = copies[index] as SVGElement;
    target.removeAttribute('style');
    target.removeAttribute('class');
    for (const name of SVG_STYLE_PROPERTIES) {
      const value = style.getPropertyValue(name);
      if (value) target.setAttribute(name, value);
    }
  });
  // HTML inside SVG would make the image taint the canvas (no PNG could be read from it).
  for (const foreign of Array.from(copy.querySelectorAll('foreignObject, script'))) foreign.remove();
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(box.width));
  copy.setAttribute('height', String(box.height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    ctx.drawImage(image, box.left, box.top, box.width, box.height);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The element's own text nodes (not its children's), line by line where they are on screen. */
function drawOwnText(ctx: CanvasRenderingContext2D, element: HTMLElement, origin: Pick<Box, 'left' | 'top'>, scale: number) {
  const style = getComputedStyle(element);
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType !== Node.TEXT_NODE || !node.textContent?.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = Array.from(range.getClientRects()).filter((rect) => rect.width > 0);
    const lines = transformed(node.textContent, style.textTransform)
      .split('\n')
      .filter((line) => line.length > 0);
    if (boxes.length === 0) continue;
    ctx.save();
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    ctx.fillStyle = style.color;
    ctx.textBaseline = 'alphabetic';
    const shadow = parseTextShadow(style.textShadow);
    if (shadow) {
      ctx.shadowColor = shadow.colour;
      ctx.shadowOffsetX = shadow.offsetX * scale;
      ctx.shadowOffsetY = shadow.offsetY * scale;
      ctx.shadowBlur = shadow.blur * scale;
    }
    const perLine = boxes.length === lines.length;
    (perLine ? lines : [lines.join(' ')]).forEach((line, index) => {
      const box = relativeBox(boxes[perLine ? index : 0]!, origin);
      const metrics = ctx.measureText(line);
      const ascent = metrics.fontBoundingBoxAscent;
      const descent = metrics.fontBoundingBoxDescent;
      ctx.fillText(line, box.left, box.top + (box.height - ascent - descent) / 2 + ascent);
    });
    ctx.restore();
  }
}

function transformed(text: string, transform: string): string {
  if (transform === 'uppercase') return text.toUpperCase();
  if (transform === 'lowercase') return text.toLowerCase();
  if (transform === 'capitalize')
    return text.replace(/(^|\s)(\p{L})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
  return text;
}

/** What shows through where the canvas is transparent: the nearest background colour, else black. */
function backgroundOf(element: HTMLElement): string {
  for (let at: HTMLElement | null = element; at; at = at.parentElement) {
    const colour = getComputedStyle(at).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#000';
}
