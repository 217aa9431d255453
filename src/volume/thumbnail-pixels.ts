import type { Image2d } from './image-2d';

/** A thumbnail's pixels: RGBA bytes, row after row, opaque. */
export interface ThumbnailPixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

type ThumbnailSource = Pick<Image2d, 'width' | 'height' | 'kind' | 'pixels' | 'window' | 'inverted' | 'pixelSpacing'>;

/**
 * The grey level a value gets in a window, as the views show it: floor((v − (WC − WW/2)) / WW · 255),
 * clamped to 0..255 (before any MONOCHROME1 inversion).
 */
export function windowedGrey(value: number, center: number, width: number): number {
  const level = Math.floor(((value - (center - width / 2)) / width) * 255);
  return Math.min(255, Math.max(0, level));
}

/**
 * Thumbnail size for an image of `width`×`height` pixels: its longer side in millimetres (pixels when
 * the spacing is not known) gets `maxSide` pixels, so a 512×256 scout keeps its shape.
 */
export function thumbnailSize(
  width: number,
  height: number,
  spacing: [number, number] | null,
  maxSide: number,
): [number, number] {
  const [sx, sy] = spacing ?? [1, 1];
  const [mmWide, mmHigh] = [width * sx, height * sy];
  const scale = maxSide / Math.max(mmWide, mmHigh);
  return [Math.max(1, Math.round(mmWide * scale)), Math.max(1, Math.round(mmHigh * scale))];
}

/**
 * The first and last+1 source index each thumbnail pixel covers along one axis: the source pixels
 * whose centre lies in its footprint, x with floor((x + ½) · m / n) = t, so that every source pixel is
 * in exactly one box; at least one (an image smaller than its thumbnail repeats pixels).
 */
export function boxBounds(sourceLength: number, thumbLength: number): Int32Array {
  const [n, m] = [sourceLength, thumbLength];
  // The first x of box t: the least x with x + ½ ≥ t · n / m, in integers.
  const firstOf = (t: number) => Math.min(n, Math.max(0, Math.ceil((2 * t * n - m) / (2 * m))));
  const bounds = new Int32Array(m * 2);
  for (let t = 0; t < m; t++) {
    const first = Math.min(n - 1, firstOf(t));
    bounds[t * 2] = first;
    bounds[t * 2 + 1] = Math.max(first + 1, firstOf(t + 1));
  }
  return bounds;
}

/**
 * An image reduced to its thumbnail: each thumbnail pixel is the mean of the source pixels of its box
 * (values after the modality LUT, i.e. HU for CT: the window applies to the mean, as a reduced slice
 * in the views would show it), windowed to 8 bits and inverted for MONOCHROME1; colour as stored.
 */
export function renderThumbnail(image: ThumbnailSource, maxSide: number): ThumbnailPixels {
  const [width, height] = thumbnailSize(image.width, image.height, image.pixelSpacing, maxSide);
  const columns = boxBounds(image.width, width);
  const rows = boxBounds(image.height, height);
  const rgba = new Uint8ClampedArray(width * height * 4);
  const channels = image.kind === 'rgb' ? 3 : 1;
  const sums = new Float64Array(channels);
  const window = image.window ?? { center: 127.5, width: 256 };
  for (let ty = 0; ty < height; ty++) {
    const [y0, y1] = [rows[ty * 2]!, rows[ty * 2 + 1]!];
    for (let tx = 0; tx < width; tx++) {
      const [x0, x1] = [columns[tx * 2]!, columns[tx * 2 + 1]!];
      sums.fill(0);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const at = (y * image.width + x) * channels;
          for (let c = 0; c < channels; c++) sums[c]! += image.pixels[at + c]!;
        }
      }
      const count = (y1 - y0) * (x1 - x0);
      const out = (ty * width + tx) * 4;
      if (channels === 3) {
        for (let c = 0; c < 3; c++) rgba[out + c] = Math.round(sums[c]! / count);
      } else {
        const grey = windowedGrey(sums[0]! / count, window.center, window.width);
        rgba.fill(image.inverted ? 255 - grey : grey, out, out + 3);
      }
      rgba[out + 3] = 255;
    }
  }
  return { width, height, rgba };
}
