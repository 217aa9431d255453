/**
 * Issue 19 (patient safety): a slice whose pixel data is short must never show another image. The
 * philips-head slice I150 is copied in memory with 1000 bytes of pixel data instead of 512 × 512 × 2.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { selectSeries } from '../src/dicom/select-series';
import { sourcesFromPath } from '../src/sources/node-files';
import type { SourceFile } from '../src/sources/source-file';
import { buildVolume } from '../src/volume/build-volume';
import type { CtVolume } from '../src/volume/ct-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import type { SlicePixelReader } from '../src/volume/read-chunk';
import type { ReaderArray } from '../src/volume/value-range';
import { voxelDigest } from '../src/volume/voxel-digest';
import { withEmptyEncapsulatedPixelData, withShortPixelData } from './helpers/edit-dicom';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const SHORT_FILE = 'I150';
const SHORT_BYTES = 1000;
const work = scratchDir('ct-short-pixels-');
const head = sharedCt('philips-head');
const imageNames = readdirSync(head).filter((name) => /^I\d+$/.test(name));
const cli = (...args: string[]) =>
  promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });

/** philips-head linked file by file, with I150 as given (or left out when `replacement` is null). */
function headFolder(name: string, replacement: Uint8Array | null): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const file of imageNames) {
    if (file !== SHORT_FILE) symlinkSync(join(head, file), join(dir, file));
    else if (replacement) writeFileSync(join(dir, file), replacement);
  }
  return dir;
}

async function buildSeries(
  dir: string,
  reader: SlicePixelReader = nodeSliceReader,
  swap?: Map<string, SourceFile>,
): Promise<CtVolume> {
  const sources = await sourcesFromPath(dir);
  const series = selectSeries(await indexSources(sources), '201');
  const byName = new Map<string, SourceFile>(sources.map((s) => [s.name, s]));
  for (const [name, source] of swap ?? []) byName.set(name, source);
  return buildVolume(series, byName, reader);
}

const original = new Uint8Array(readFileSync(join(head, SHORT_FILE)));
const short = withShortPixelData(original, SHORT_BYTES);
let withoutTheSlice: CtVolume;

beforeAll(async () => {
  // What the volume must be: the series read without I150 at all (its place a gap like a missing slice).
  withoutTheSlice = await buildSeries(headFolder('without', null));
}, 120_000);

describe('a slice with short pixel data', () => {
  it('is listed with its file name and reason, and the volume is built from the rest, voxel for voxel', async () => {
    const dir = headFolder('short', short);
    const sources = await sourcesFromPath(dir);
    const index = await indexSources(sources);
    const skipped = index.skipped.find((s) => s.file === SHORT_FILE);
    expect(skipped?.reason).toBe('pixel data holds 1000 bytes, 512 × 512 × 16 bits needs 524288');
    const series = selectSeries(index, '201');
    expect(series.sliceCount).toBe(27);
    expect(series.warnings).toContain(`left out ${SHORT_FILE}: ${skipped!.reason}`);

    const volume = await buildSeries(dir);
    expect(volume.warnings).toContain(`left out ${SHORT_FILE}: ${skipped!.reason}`);
    expect(volume.warnings.some((w) => w.startsWith('missing slice: gap of') && w.includes('I140') && w.includes('I160'))).toBe(
      true,
    );
    expect(voxelDigest(volume)).toEqual(voxelDigest(withoutTheSlice));
  }, 120_000);

  it('is caught before decoding when the file changed after its header was read (checked per slice, not per chunk)', async () => {
    // Indexed from the intact file, read from the short one: as with a file replaced on disk, or a
    // server whose metadata arrives before the instances.
    const dir = headFolder('intact', original);
    const shortDir = headFolder('short-only', short);
    const [shortSource] = (await sourcesFromPath(shortDir)).filter((s) => s.name === SHORT_FILE);
    const read: string[][] = [];
    const watching: SlicePixelReader = {
      readSlices: (slices) => {
        read.push(slices.map((s) => s.source.name));
        return nodeSliceReader.readSlices(slices);
      },
    };
    const volume = await buildSeries(dir, watching, new Map([[SHORT_FILE, shortSource!]]));
    expect(read.flat()).not.toContain(SHORT_FILE);
    expect(volume.warnings).toContain(`left out ${SHORT_FILE}: pixel data holds 1000 bytes, 512 × 512 × 16 bits needs 524288`);
    expect(voxelDigest(volume)).toEqual(voxelDigest(withoutTheSlice));
  }, 120_000);

  it('a recycled output buffer filled with a marker never reaches the volume when a decode comes back short', async () => {
    const MARKER = 0x5a5a; // 23130: no CT value, and no HU of this series (−1024…3071)
    const recycled = new Map<number, ArrayBufferLike>();
    const markedFiles: number[] = [];
    // The real reader, but its output lands in a buffer recycled from the previous chunk, filled with
    // the marker first; of I150 it writes only what 1000 bytes of pixel data hold, as a short decode does.
    const recycling: SlicePixelReader = {
      async readSlices(slices) {
        const image = await nodeSliceReader.readSlices(slices);
        const decoded = image.data as ReaderArray;
        const ArrayType = decoded.constructor as new (buffer: ArrayBufferLike) => ReaderArray;
        const buffer = recycled.get(decoded.byteLength) ?? new ArrayBuffer(decoded.byteLength);
        recycled.delete(decoded.byteLength);
        const out = new ArrayType(buffer).fill(MARKER);
        markedFiles.push(slices.length);
        const plane = decoded.length / slices.length;
        slices.forEach((slice, k) => {
          const written = slice.source.name === SHORT_FILE ? SHORT_BYTES / 2 : plane;
          out.set(decoded.subarray(k * plane, k * plane + written), k * plane);
        });
        return { ...image, data: out };
      },
      recycle: (buffer) => void recycled.set(buffer.byteLength, buffer),
    };
    const volume = await buildSeries(headFolder('intact-for-marker', original), recycling);
    expect(markedFiles.length).toBeGreaterThan(1);
    expect(Array.from(volume.scalars as ArrayLike<number>).includes(MARKER)).toBe(false);
    const failed = volume.warnings.find((w) => w.startsWith(`left out ${SHORT_FILE}:`));
    expect(failed).toMatch(/decoded pixels disagree with the file's own/);
    expect(voxelDigest(volume)).toEqual(voxelDigest(withoutTheSlice));
  }, 120_000);

  it('compressed pixel data without a fragment fails its slice when read, and the stack is planned without it', async () => {
    // Encapsulated pixel data has an undefined length: only the whole file tells that it is empty.
    const dir = headFolder('empty-encapsulated', withEmptyEncapsulatedPixelData(original));
    const sources = await sourcesFromPath(dir);
    const series = selectSeries(await indexSources(sources), '201');
    expect(series.sliceCount).toBe(28);
    const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
    expect(volume.warnings).toContain(`left out ${SHORT_FILE}: compressed pixel data holds no fragment`);
    expect(volume.warnings.some((w) => w.startsWith('missing slice: gap of') && w.includes('I140') && w.includes('I160'))).toBe(
      true,
    );
    expect(voxelDigest(volume)).toEqual(voxelDigest(withoutTheSlice));
  }, 120_000);

  it('the CLI names the file and builds the rest', async () => {
    const dir = headFolder('cli', short);
    const listed = JSON.parse((await cli('series', dir)).stdout) as { skipped: Array<{ file: string; reason: string }> };
    expect(listed.skipped).toContainEqual({
      file: SHORT_FILE,
      reason: expect.stringContaining('pixel data holds 1000 bytes'),
      seriesInstanceUID: expect.any(String),
    });
    const { stderr } = await cli('convert', dir, '--series', '201', '-o', join(work, 'short.nii.gz'));
    expect(stderr).toContain(`left out ${SHORT_FILE}: pixel data holds 1000 bytes`);
    expect(stderr).toMatch(/wrote .*short\.nii\.gz/);
  }, 120_000);
});
