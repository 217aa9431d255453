/**
 * Where a 2D image lies in its pane: a parallel camera looking along +z at the image plane, image x
 * (columns) to the right and y (rows) down, as the file stores them. Pure math, tested in Node; the
 * view sets the vtk.js camera from it. Pixel (i, j)'s centre lies at (i·sx, j·sy) mm.
 */
export interface Image2dFrame {
  /** Columns, rows. */
  size: [number, number];
  /** mm per pixel along x and y (1 when the file does not say). */
  spacing: [number, number];
  /** Half the pane's height in mm (the camera's parallel scale). */
  parallelScale: number;
  /** How far the image centre is moved from the pane centre, in mm. */
  pan: [number, number];
  /** Pane size in CSS pixels. */
  width: number;
  height: number;
}

/** Margin around a fitted image, as a share of its size. */
const FIT_MARGIN = 1.02;

/** The parallel scale that shows the whole image in a pane of `width`×`height` CSS pixels. */
export function fitParallelScale(size: [number, number], spacing: [number, number], width: number, height: number): number {
  const extentX = size[0] * spacing[0];
  const extentY = size[1] * spacing[1];
  const aspect = Math.max(1e-3, width / Math.max(1, height));
  return 0.5 * FIT_MARGIN * Math.max(extentY, extentX / aspect);
}

export function mmPerCssPixel(frame: Pick<Image2dFrame, 'parallelScale' | 'height'>): number {
  return (2 * frame.parallelScale) / Math.max(1, frame.height);
}

/** The point the camera looks at, in mm: the image centre moved by the pan. */
export function focalPoint(frame: Pick<Image2dFrame, 'size' | 'spacing' | 'pan'>): [number, number] {
  return [
    ((frame.size[0] - 1) / 2) * frame.spacing[0] - frame.pan[0],
    ((frame.size[1] - 1) / 2) * frame.spacing[1] - frame.pan[1],
  ];
}

/** Pane CSS pixel position of pixel (column, row)'s centre (fractions allowed). */
export function imageToPane(frame: Image2dFrame, column: number, row: number): [number, number] {
  const scale = mmPerCssPixel(frame);
  const [fx, fy] = focalPoint(frame);
  return [frame.width / 2 + (column * frame.spacing[0] - fx) / scale, frame.height / 2 + (row * frame.spacing[1] - fy) / scale];
}

/** The (fractional) pixel under a pane CSS pixel position. */
export function paneToImage(frame: Image2dFrame, x: number, y: number): [number, number] {
  const scale = mmPerCssPixel(frame);
  const [fx, fy] = focalPoint(frame);
  return [(fx + (x - frame.width / 2) * scale) / frame.spacing[0], (fy + (y - frame.height / 2) * scale) / frame.spacing[1]];
}
