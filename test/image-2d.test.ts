/**
 * Issue #16 item 6: single images (a scout, one slice, secondary captures, RGB) read for the 2D view
 * by the real itk-wasm reader in Node, their values checked against the files' own.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { parseHeader } from '../src/dicom/parse-header';
import { readStoredPixels } from '../src/dicom/stored-pixels';
import { interleaveSamples, readStoredRgb } from '../src/dicom/stored-rgb';
import type { SliceHeader } from '../src/dicom/types';
import { writePart10 } from '../src/dicom/write-part10';
import { generatePhantom } from '../src/phantom/phantom';
import { sourceFromPath, sourcesFromPath } from '../src/sources/node-files';
import { fitParallelScale, imageToPane, mmPerCssPixel, paneToImage } from '../src/views/image-2d-camera';
import { pixelAt, scaleBarLength } from '../src/volume/image-2d';
import { images2dOf } from '../src/volume/image-2d-series';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { readImage2d } from '../src/volume/read-image-2d';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const scratch = scratchDir('ct-image-2d-');

async function input(path: string, root: string) {
  const source = sourceFromPath(path, statSync(path).size, root);
  const parsed = await parseHeader(source);
  if (!parsed.ok) throw new Error(parsed.skipped.reason);
  return { header: parsed.header, source };
}

async function headerOfBytes(name: string, bytes: Uint8Array): Promise<{ header: SliceHeader; path: string }> {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return { header: (await input(path, scratch)).header, path };
}

/** A secondary capture of `columns`×`rows` RGB pixels, R = x, G = y, B = x + y (mod 256), stored as `planar` says. */
function rgbCapture(columns: number, rows: number, planar: boolean): { file: Uint8Array; expected: Uint8Array } {
  const pixels = columns * rows;
  const expected = new Uint8Array(pixels * 3);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const p = y * columns + x;
      expected.set([x & 255, y & 255, (x + y) & 255], p * 3);
    }
  }
  const stored = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < 3; c++) stored[planar ? c * pixels + p : p * 3 + c] = expected[p * 3 + c]!;
  }
  const file = writePart10(
    {
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.7',
      SOPInstanceUID: `2.25.${planar ? 1 : 2}${columns}${rows}`,
      StudyInstanceUID: '2.25.77',
      SeriesInstanceUID: '2.25.78',
      Modality: 'OT',
      SeriesNumber: '9',
      InstanceNumber: '1',
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'RGB',
      PlanarConfiguration: planar ? 1 : 0,
      Rows: rows,
      Columns: columns,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      PixelData: [stored.buffer],
      _vrMap: { PixelData: 'OB' },
    },
    'CTVIEWER_TEST',
  );
  return { file, expected };
}

describe('colour samples', () => {
  it('interleaves planar samples and keeps interleaved ones', () => {
    const planar = Uint8Array.from([1, 2, 3, 10, 20, 30, 100, 200, 250]);
    expect([...interleaveSamples(planar, 3, true)]).toEqual([1, 10, 100, 2, 20, 200, 3, 30, 250]);
    expect([...interleaveSamples(planar, 3, false)]).toEqual([...planar]);
    expect(() => interleaveSamples(planar, 4, true)).toThrow(/9 colour samples for 4 pixels/);
  });
});

describe('reading one image for the 2D view (itk-wasm in Node)', () => {
  it('reads the Philips scout (512×256) as HU equal to stored + intercept, with its tag window and pixel spacing', async () => {
    const root = sharedCt('philips-phantom-tilt');
    const scout = await input(join(root, 'S1000', 'I10'), root);
    const image = await readImage2d(scout, nodeSliceReader);
    expect([image.width, image.height, image.kind, image.unit]).toEqual([512, 256, 'grey', 'HU']);
    const stored = readStoredPixels(await scout.source.readAll(), scout.header)!;
    expect(image.pixels).toHaveLength(stored.length);
    let differing = 0;
    for (let k = 0; k < stored.length; k++) if (image.pixels[k] !== stored[k]! - 1024) differing++;
    expect(differing).toBe(0);
    expect(image.window).toEqual({ center: -670.805, width: 2061.63571675619, fromTags: true });
    expect(image.pixelSpacing).toEqual([0.9765625, 0.9765625]);
    expect(image.inverted).toBe(false);
    expect(image.verification).toMatch(/verified against the stored values/);
    // Row 10, column 300 as the file stores it: row-major, row 0 first.
    expect(pixelAt(image, 300, 10)).toBe(stored[10 * 512 + 300]! - 1024);
    expect(pixelAt(image, 512, 0)).toBeNull();
  });

  it('reads the 650-wide RGB summary page (planar configuration 1) as interleaved colour, sample for sample', async () => {
    const root = sharedCt('philips-phantom-tilt');
    const page = await input(join(root, 'S4010', 'I30'), root);
    const image = await readImage2d(page, nodeSliceReader);
    expect([image.width, image.height, image.kind, image.window]).toEqual([650, 741, 'rgb', null]);
    const stored = readStoredRgb(await page.source.readAll(), page.header)!;
    expect(Buffer.from(image.pixels).equals(Buffer.from(stored))).toBe(true);
    expect(image.verification).toBe('RGB samples verified against the stored ones');
    // Colour, not grey: some pixels have red and green apart.
    let coloured = 0;
    for (let p = 0; p < image.width * image.height; p++) if (image.pixels[p * 3] !== image.pixels[p * 3 + 1]) coloured++;
    expect(coloured).toBeGreaterThan(100);
    expect(image.pixelSpacing).toBeNull();
  });

  it.each([
    ['interleaved', false],
    ['planar', true],
  ])('reads a generated %s RGB capture pixel for pixel', async (_, planar) => {
    const { file, expected } = rgbCapture(37, 21, planar);
    const { path } = await headerOfBytes(`rgb-${planar ? 'planar' : 'interleaved'}.dcm`, file);
    const image = await readImage2d(await input(path, scratch), nodeSliceReader);
    expect([image.width, image.height, image.kind]).toEqual([37, 21, 'rgb']);
    expect([...image.pixels]).toEqual([...expected]);
    expect(pixelAt(image, 5, 7)).toEqual([5, 7, 12]);
  });

  it('reads a MONOCHROME1 scout as true HU (the reader inverted it; that is undone) and marks it inverted', async () => {
    const phantom = generatePhantom({ localizer: true, monochrome1: true, rows: 40, columns: 56, rescaleIntercept: -1024 });
    const file = phantom.files[0]!;
    const { header, path } = await headerOfBytes('mono1.dcm', file.data);
    const image = await readImage2d(await input(path, scratch), nodeSliceReader);
    expect(image.inverted).toBe(true);
    const stored = readStoredPixels(file.data, header)!;
    expect([...image.pixels]).toEqual([...stored].map((s) => s * header.rescaleSlope + header.rescaleIntercept));
    // GDCM hands MONOCHROME1 back inverted: the check sees it, and the values are put back.
    expect(image.verification).toMatch(
      /after a MONOCHROME1 inversion, which the viewer undid, verified against the stored values/,
    );
  });

  it('names the file and says in words why a multi-frame image or a wrong-sized decode is refused', async () => {
    const root = sharedCt('philips-phantom-tilt');
    const scout = await input(join(root, 'S1000', 'I10'), root);
    await expect(readImage2d({ ...scout, header: { ...scout.header, numberOfFrames: 3 } }, nodeSliceReader)).rejects.toThrow(
      /^S1000\/I10: a multi-frame image \(3 frames\)/,
    );
    await expect(
      readImage2d({ ...scout, header: { ...scout.header, columns: 256, rows: 512 } }, nodeSliceReader),
    ).rejects.toThrow(/^S1000\/I10: the reader returned 512×256×1 pixels for one image of 256×512/);
  });
});

describe('which images a series that is not a volume shows in 2D', () => {
  it('steps through all five images of the summary series 401 in instance order, each at its own size', async () => {
    const index = await indexSources(await sourcesFromPath(sharedCt('philips-phantom-tilt')));
    const parts = index.series.filter((s) => s.seriesNumber === 401);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      const { images, start } = images2dOf(index, part.id);
      expect(images.map((h) => h.file)).toEqual(['S4010/I10', 'S4010/I20', 'S4010/I30', 'S4010/I40', 'S4010/I50']);
      expect(images[start]!.columns).toBe(part.columns);
      expect(images[start]!.rows).toBe(part.rows);
    }
    const scout = images2dOf(index, index.series.find((s) => s.seriesNumber === 100)!.id);
    expect(scout.images.map((h) => h.file)).toEqual(['S1000/I10']);
    expect(scout.start).toBe(0);
    expect(() => images2dOf(index, 'nope')).toThrow(/series nope is not in the loaded files/);
  });
});

describe('scale bar', () => {
  it('picks 1, 2 or 5 × 10ⁿ mm at most the length it may take', () => {
    expect(scaleBarLength(120)).toBe(100);
    expect(scaleBarLength(99)).toBe(50);
    expect(scaleBarLength(30)).toBe(20);
    expect(scaleBarLength(1.5)).toBe(1);
    expect(scaleBarLength(0.7)).toBeCloseTo(0.5);
    expect(scaleBarLength(0)).toBe(0);
  });
});

describe('where a 2D image lies in its pane', () => {
  const frame = (pan: [number, number] = [0, 0]) => ({
    size: [512, 256] as [number, number],
    spacing: [0.5, 0.25] as [number, number],
    parallelScale: fitParallelScale([512, 256], [0.5, 0.25], 800, 400),
    pan,
    width: 800,
    height: 400,
  });

  it('fits the whole image with a small margin, its centre at the pane centre, rows running down', () => {
    const f = frame();
    // 256 mm × 64 mm in an 800×400 pane: the width decides (2:1 pane, 4:1 image).
    expect(f.parallelScale).toBeCloseTo(0.5 * 1.02 * (256 / 2), 9);
    const [cx, cy] = imageToPane(f, 255.5, 127.5);
    expect([cx, cy]).toEqual([400, 200]);
    const [x0, y0] = imageToPane(f, 0, 0);
    const [x1, y1] = imageToPane(f, 1, 1);
    expect(x1 - x0).toBeCloseTo(0.5 / mmPerCssPixel(f), 9);
    expect(y1 - y0).toBeCloseTo(0.25 / mmPerCssPixel(f), 9);
    expect(y1).toBeGreaterThan(y0);
    // The image's outer edges (pixel borders) lie inside the pane, 1 % from its sides.
    const [left] = imageToPane(f, -0.5, 0);
    const [right] = imageToPane(f, 511.5, 0);
    expect(left).toBeCloseTo((800 * (1 - 1 / 1.02)) / 2, 6);
    expect(right).toBeCloseTo(800 - left, 6);
  });

  it('maps pane positions back to the same pixels, panned or not', () => {
    for (const pan of [
      [0, 0],
      [12.5, -3],
    ] as Array<[number, number]>) {
      const f = frame(pan);
      for (const [i, j] of [
        [0, 0],
        [511, 255],
        [100.25, 40.75],
      ] as Array<[number, number]>) {
        const [x, y] = imageToPane(f, i, j);
        const [u, v] = paneToImage(f, x, y);
        expect(u).toBeCloseTo(i, 9);
        expect(v).toBeCloseTo(j, 9);
      }
    }
    // A pan of 12.5 mm to the right moves the image 12.5 mm / (mm per CSS pixel) to the right.
    const moved = imageToPane(frame([12.5, 0]), 0, 0)[0] - imageToPane(frame(), 0, 0)[0];
    expect(moved).toBeCloseTo(12.5 / mmPerCssPixel(frame()), 9);
  });
});
