/**
 * Issue #17 item 7: a series' thumbnail is its middle slice (by the sorted geometry), decoded by the
 * real itk-wasm reader (here in Node), windowed with the slice's DICOM default window (first value) and
 * reduced by box means. Expected values are computed here from the files' stored values.
 */
import { describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { middleSlice } from '../src/dicom/middle-slice';
import type { SliceHeader } from '../src/dicom/types';
import { type PhantomOptions, generatePhantom } from '../src/phantom/phantom';
import { sourceFromBytes } from '../src/sources/source-file';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { readImage2d } from '../src/volume/read-image-2d';
import { boxBounds, renderThumbnail, thumbnailSize, windowedGrey } from '../src/volume/thumbnail-pixels';
import { expectedThumbnail } from './helpers/thumbnail-expected';

/** A phantom series indexed as the app indexes it, with its middle slice and that slice's bytes. */
async function phantomMiddle(options: PhantomOptions) {
  const phantom = generatePhantom(options);
  const sources = phantom.files.map((file) => sourceFromBytes(file.name, file.data));
  const index = await indexSources(sources);
  expect(index.series).toHaveLength(1);
  const series = index.series[0]!;
  const header = middleSlice(series)!;
  const bytes = phantom.files.find((file) => file.name === header.file)!.data;
  return { phantom, series, header, bytes };
}

/** The grey of each expected thumbnail pixel (see thumbnail-expected.ts). */
function expectedGreys(bytes: Uint8Array, header: SliceHeader, size: [number, number]): number[] {
  return expectedThumbnail(bytes, header, size).map(([r, g, b]) => {
    expect([g, b]).toEqual([r, r]);
    return r!;
  });
}

function greysOf(rgba: Uint8ClampedArray): number[] {
  const greys: number[] = [];
  for (let at = 0; at < rgba.length; at += 4) {
    expect(rgba[at + 1]).toBe(rgba[at]);
    expect(rgba[at + 2]).toBe(rgba[at]);
    expect(rgba[at + 3]).toBe(255);
    greys.push(rgba[at]!);
  }
  return greys;
}

describe('series thumbnails', () => {
  it('maps HU to 8 bits as floor((HU − (WC − WW/2)) / WW · 255), clamped', () => {
    expect(windowedGrey(-160, 40, 400)).toBe(0);
    expect(windowedGrey(-1000, 40, 400)).toBe(0);
    expect(windowedGrey(40, 40, 400)).toBe(127);
    expect(windowedGrey(239, 40, 400)).toBe(254);
    expect(windowedGrey(238, 40, 400)).toBe(253);
    expect(windowedGrey(240, 40, 400)).toBe(255);
    expect(windowedGrey(3000, 40, 400)).toBe(255);
    expect(windowedGrey(0, 0, 1)).toBe(127);
  });

  it('splits every source pixel into exactly one box, by its centre', () => {
    for (const [n, m] of [
      [512, 128],
      [512, 64],
      [100, 64],
      [256, 32],
      [37, 5],
    ] as const) {
      const bounds = boxBounds(n, m);
      expect(bounds[0]).toBe(0);
      expect(bounds[2 * m - 1]).toBe(n);
      for (let t = 0; t < m; t++) {
        if (t > 0) expect(bounds[t * 2]).toBe(bounds[t * 2 - 1]);
        for (let x = bounds[t * 2]!; x < bounds[t * 2 + 1]!; x++) expect(Math.floor(((x + 0.5) * m) / n)).toBe(t);
      }
    }
    // Smaller than the thumbnail: every box holds one pixel, repeated.
    expect(Array.from(boxBounds(2, 4))).toEqual([0, 1, 0, 1, 1, 2, 1, 2]);
  });

  it('keeps the image shape in millimetres', () => {
    expect(thumbnailSize(512, 512, [0.5, 0.5], 128)).toEqual([128, 128]);
    expect(thumbnailSize(512, 256, [1, 1], 64)).toEqual([64, 32]);
    // Columns 2 mm apart, rows 1 mm: 100 columns are 200 mm wide, 100 rows 100 mm high.
    expect(thumbnailSize(100, 100, [2, 1], 64)).toEqual([64, 32]);
    expect(thumbnailSize(10, 300, null, 64)).toEqual([2, 64]);
  });

  it('picks the middle slice of a shuffled volume by its geometry', async () => {
    const { phantom, series, header } = await phantomMiddle({ slices: 9, shuffle: true, seed: 'thumb-middle' });
    const byPosition = [...phantom.slices].sort((a, b) => a.position[2] - b.position[2]);
    expect(series.isVolume).toBe(true);
    expect(header.file).toBe(byPosition[4]!.file);
    expect(middleSlice({ isVolume: true, slices: [] })).toBeNull();
  });

  it('is the middle slice windowed by its first default window, exactly', async () => {
    const { header, bytes } = await phantomMiddle({ slices: 7, windowCenter: [60, 400], windowWidth: [300, 1500] });
    expect(header.windowCenter).toBe(60);
    const image = await readImage2d({ header, source: sourceFromBytes(header.file, bytes) }, nodeSliceReader);
    const thumbnail = renderThumbnail(image, 64);
    expect([thumbnail.width, thumbnail.height]).toEqual([64, 64]);
    const expected = expectedGreys(bytes, header, [64, 64]);
    const greys = greysOf(thumbnail.rgba);
    expect(greys).toEqual(expected);
    // Not blank: air, soft tissue and bone of the phantom give distinct levels.
    expect(new Set(greys).size).toBeGreaterThan(3);
    expect(greys).toContain(0);
    expect(greys).toContain(255);
  });

  it('inverts MONOCHROME1 (white is low)', async () => {
    const { header, bytes } = await phantomMiddle({ slices: 5, monochrome1: true, rows: 96, columns: 80 });
    expect(header.photometricInterpretation).toBe('MONOCHROME1');
    const image = await readImage2d({ header, source: sourceFromBytes(header.file, bytes) }, nodeSliceReader);
    const thumbnail = renderThumbnail(image, 48);
    expect([thumbnail.width, thumbnail.height]).toEqual([40, 48]);
    const greys = greysOf(thumbnail.rgba);
    expect(greys).toEqual(expectedGreys(bytes, header, [40, 48]));
    // Inverted: the air around the phantom is white.
    expect(greys[0]).toBe(255);
  });

  it('reduces colour images by the mean of each box, as stored', () => {
    // 4×2 RGB: each 2×2 box reduces to one pixel.
    const pixels = Uint8Array.from([
      ...[0, 10, 200, 2, 10, 200, 100, 0, 0, 101, 0, 0],
      ...[0, 12, 200, 3, 12, 201, 100, 0, 255, 100, 1, 255],
    ]);
    const image = { width: 4, height: 2, kind: 'rgb', pixels, window: null, inverted: false, pixelSpacing: null } as const;
    const thumbnail = renderThumbnail(image, 2);
    expect([thumbnail.width, thumbnail.height]).toEqual([2, 1]);
    expect(Array.from(thumbnail.rgba)).toEqual([1, 11, 200, 255, 100, 0, 128, 255]);
  });
});
