/**
 * One image shown on its own, in 2D: a scout, a single slice, a secondary capture. Free of DOM and
 * WebGL so it can cross the worker boundary (its pixels are transferred) and be tested in Node.
 */
export interface Image2d {
  /** The file it was read from (its key in the index). */
  file: string;
  seriesInstanceUID: string;
  instanceNumber: number | null;
  modality: string;
  photometricInterpretation: string;
  /** Columns. */
  width: number;
  /** Rows; row 0 is the top of the image. */
  height: number;
  /**
   * grey: one value per pixel after the modality LUT (HU for CT), row after row. rgb: R, G, B bytes
   * per pixel, interleaved, whatever the file's planar configuration.
   */
  kind: 'grey' | 'rgb';
  pixels: Float32Array | Uint8Array;
  /** Lowest and highest pixel value (grey), or [0, 255]. */
  valueRange: [number, number];
  /** The DICOM default window (first value of WC/WW), else one from the values; null for colour. */
  window: { center: number; width: number; fromTags: boolean } | null;
  /** MONOCHROME1: low values are white. The values themselves never depend on it. */
  inverted: boolean;
  /** mm between columns (x) and between rows (y), from PixelSpacing; null when the file does not say. */
  pixelSpacing: [number, number] | null;
  /** What a grey value is: 'HU' for CT, '' for values of no known unit. */
  unit: 'HU' | '';
  /** How the values were checked against the file's own (modality LUT, colour samples), in words. */
  verification: string;
  warnings: string[];
}

/** The value (grey) or [R, G, B] of the pixel at column x, row y; null outside the image. */
export function pixelAt(
  image: Pick<Image2d, 'width' | 'height' | 'kind' | 'pixels'>,
  x: number,
  y: number,
): number | number[] | null {
  const column = Math.round(x);
  const row = Math.round(y);
  if (column < 0 || row < 0 || column >= image.width || row >= image.height) return null;
  const index = row * image.width + column;
  if (image.kind === 'grey') return image.pixels[index]!;
  return Array.from(image.pixels.subarray(index * 3, index * 3 + 3));
}

/**
 * A round length for a scale bar (1, 2 or 5 × 10ⁿ mm) no longer than `maxMm`: what a bar of at most
 * that length can say in words.
 */
export function scaleBarLength(maxMm: number): number {
  if (!(maxMm > 0) || !Number.isFinite(maxMm)) return 0;
  const decade = 10 ** Math.floor(Math.log10(maxMm));
  for (const factor of [5, 2, 1]) if (factor * decade <= maxMm) return factor * decade;
  return decade;
}
