/**
 * Issue #16 item 4: multi-frame CT. Enhanced CT files (functional groups per frame, one pixel data
 * element) and a legacy multi-frame CT file are made in memory from the slices of a shared-data
 * series; each must build the very volume the single-frame series builds, voxel for voxel, with the
 * same geometry (within 1e-3 mm), tilt correction and warnings, in the core and through the CLI.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { parseHeader } from '../src/dicom/parse-header';
import type { SeriesEntry } from '../src/dicom/series-types';
import { sourcesFromPath } from '../src/sources/node-files';
import { sourceFromBytes } from '../src/sources/source-file';
import { buildVolume } from '../src/volume/build-volume';
import type { CtVolume } from '../src/volume/ct-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { voxelDigest } from '../src/volume/voxel-digest';
import { withDeflatedDataSet, withElements } from './helpers/edit-dicom';
import { enhancedCt, legacyMultiFrameCt, readSlices } from './helpers/multi-frame';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const work = scratchDir('ct-multi-frame-');
const cli = (...args: string[]) =>
  promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });

const head = sharedCt('philips-head');
const headNames = readdirSync(head).filter((name) => /^I\d+$/.test(name));
const tilt = sharedCt('ge-head-tilt');
const tiltNames = readdirSync(tilt).filter((name) => name.endsWith('.dcm'));

/** A folder of the given files, written to the scratch dir. */
function folder(name: string, files: Record<string, Uint8Array>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

async function buildOnly(dir: string): Promise<{ series: SeriesEntry; volume: CtVolume; skipped: number }> {
  const sources = await sourcesFromPath(dir);
  const index = await indexSources(sources);
  const volumes = index.series.filter((s) => s.isVolume);
  if (volumes.length !== 1)
    throw new Error(`expected one volume in ${dir}: ${JSON.stringify(index.series.map((s) => s.reason))}`);
  const series = volumes[0]!;
  const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
  return { series, volume, skipped: index.skipped.length };
}

/** `compressed`: its values cannot be checked against stored ones, and the volume says so. */
function expectSameVolume(actual: CtVolume, expected: CtVolume, compressed = false): void {
  expect(voxelDigest(actual)).toEqual(voxelDigest(expected));
  for (let axis = 0; axis < 3; axis++) {
    expect(actual.origin[axis]).toBeCloseTo(expected.origin[axis]!, 3);
    expect(actual.spacing[axis]).toBeCloseTo(expected.spacing[axis]!, 3);
    for (let c = 0; c < 3; c++) expect(actual.axes[axis]![c]).toBeCloseTo(expected.axes[axis]![c]!, 6);
  }
  expect(actual.warnings).toEqual(expected.warnings);
  expect(actual.corrections).toEqual(expected.corrections);
  // The same LUT, verified against a frame's stored values where the single-frame series verified a slice's.
  const lut = expected.modalityLut.replace(/, applied by the reader, verified against stored values of .*$/, '');
  if (compressed) expect(actual.modalityLut).toBe(`${lut} (not verified: compressed pixel data)`);
  else
    expect(actual.modalityLut).toMatch(
      new RegExp(`^${escape(lut)}, applied by the reader, verified against stored values of \\S+ \\(frame \\d+ of \\d+\\)$`),
    );
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const headSlices = readSlices(head, headNames);
let headVolume: CtVolume;
let tiltVolume: CtVolume;

beforeAll(async () => {
  headVolume = (await buildOnly(head)).volume;
  tiltVolume = (await buildOnly(tilt)).volume;
}, 180_000);

/** A fixed shuffle of 0…n−1 (a linear congruential sequence), so a failure reproduces. */
function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, index) => index);
  let seed = 12345;
  for (let index = n - 1; index > 0; index--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const other = seed % (index + 1);
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

describe('an Enhanced CT file', () => {
  it('of philips-head: one series of 28 frames, built voxel for voxel as the single-frame series', async () => {
    const dir = folder('enhanced-head', { 'head.dcm': enhancedCt(headSlices) });
    const { series, volume, skipped } = await buildOnly(dir);
    expect(series.sliceCount).toBe(28);
    expect(series.sopClassUID).toBe('1.2.840.10008.5.1.4.1.1.2.1');
    expect(skipped).toBe(0);
    expect(series.slices.map((slice) => slice.file)).toContain('head.dcm (frame 1 of 28)');
    expectSameVolume(volume, headVolume);
  }, 120_000);

  it('of ge-head-tilt: the frames get the same tilt correction, resampling and warnings as the slices', async () => {
    const dir = folder('enhanced-tilt', { 'tilt.dcm': enhancedCt(readSlices(tilt, tiltNames)) });
    const { volume } = await buildOnly(dir);
    expect(volume.warnings.join('; ')).toMatch(/gantry tilt 18\.5°/);
    expectSameVolume(volume, tiltVolume);
  }, 120_000);

  it('with its frames in shuffled order, and a series split over two files, builds the same volume', async () => {
    const order = shuffled(headSlices.length);
    const shuffledDir = folder('enhanced-shuffled', { 'head.dcm': enhancedCt(headSlices, { order }) });
    expectSameVolume((await buildOnly(shuffledDir)).volume, headVolume);

    const split = folder('enhanced-split', {
      'part-a.dcm': enhancedCt(headSlices, { order: order.slice(0, 11), sopInstanceUID: '2.25.1001' }),
      'part-b.dcm': enhancedCt(headSlices, { order: order.slice(11), sopInstanceUID: '2.25.1002' }),
    });
    const { series, volume } = await buildOnly(split);
    expect(series.sliceCount).toBe(28);
    expectSameVolume(volume, headVolume);
  }, 120_000);

  it('compressed (RLE, one fragment per frame with an offset table, by dcmtk) builds the same volume', async () => {
    const dir = folder('enhanced-native-for-rle', { 'head.dcm': enhancedCt(headSlices) });
    const rleDir = join(work, 'enhanced-rle');
    mkdirSync(rleDir);
    try {
      execFileSync('dcmcrle', [join(dir, 'head.dcm'), join(rleDir, 'head.dcm')]);
    } catch (error) {
      throw new Error(`dcmcrle (Debian package dcmtk) is needed to make the RLE multi-frame file: ${String(error)}`);
    }
    const [header] = (await indexSources(await sourcesFromPath(rleDir))).series[0]!.slices;
    expect(header?.transferSyntaxUID).toBe('1.2.840.10008.1.2.5');
    expectSameVolume((await buildOnly(rleDir)).volume, headVolume, true);
  }, 120_000);

  it('deflated (its frames located in the inflated data set) builds the same volume', async () => {
    const dir = folder('enhanced-deflated', { 'head.dcm': withDeflatedDataSet(enhancedCt(headSlices)) });
    const { series, volume } = await buildOnly(dir);
    expect(series.slices[0]!.frame?.inflated).toBe(true);
    expectSameVolume(volume, headVolume);
  }, 120_000);

  it('reads its header and functional groups without reading pixel data', async () => {
    const bytes = enhancedCt(headSlices);
    const reads: Array<[number, number]> = [];
    const source = sourceFromBytes('head.dcm', bytes);
    const watched = {
      ...source,
      readRange: (start: number, end: number) => (reads.push([start, end]), source.readRange(start, end)),
    };
    const result = await parseHeader(watched);
    expect(result.ok && result.headers.length).toBe(28);
    const firstFrame = result.ok ? result.headers[0]!.frame!.start : 0;
    expect(Math.max(...reads.map(([, end]) => end))).toBeLessThanOrEqual(Math.max(firstFrame, 64 * 1024));
  });
});

describe('a legacy multi-frame CT file', () => {
  it('(one top-level position, a Grid Frame Offset Vector) builds the single-frame series voxel for voxel', async () => {
    const dir = folder('legacy-head', { 'legacy.dcm': legacyMultiFrameCt(headSlices) });
    const { series, volume } = await buildOnly(dir);
    expect(series.sliceCount).toBe(28);
    expectSameVolume(volume, headVolume);
  }, 120_000);
});

describe('multi-frame limits', () => {
  it('NumberOfFrames larger than the pixel data holds is skipped with the reason in words', async () => {
    const slice = new Uint8Array(readFileSync(join(head, 'I150')));
    const edited = withElements(slice, { '00280008': { vr: 'IS', value: new TextEncoder().encode('100000') } });
    const result = await parseHeader(sourceFromBytes('I150', edited));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.skipped.reason).toBe(
      'pixel data holds 524288 bytes, 512 × 512 × 16 bits × 100000 frames needs 52428800000',
    );
  });

  it('a frame with broken orientation is left out by name, the rest built', async () => {
    const bytes = enhancedCt(headSlices);
    // Frame 5's row direction "1\0\0" becomes "2\0\0": same length, not a unit vector.
    const text = Buffer.from(bytes).toString('latin1');
    let at = -1;
    for (let frame = 0; frame < 5; frame++) at = text.indexOf('1\\0\\0\\0\\1\\0', at + 1);
    const broken = bytes.slice();
    broken[at] = '2'.charCodeAt(0);
    const dir = folder('enhanced-broken-frame', { 'head.dcm': broken });
    const sources = await sourcesFromPath(dir);
    const index = await indexSources(sources);
    expect(index.skipped).toEqual([
      {
        file: 'head.dcm (frame 5 of 28)',
        reason: 'ImageOrientationPatient row direction has length 2.000, not 1',
        seriesInstanceUID: headSlices[0]!.ds.string('x0020000e'),
      },
    ]);
    const series = index.series.find((s) => s.isVolume)!;
    expect(series.sliceCount).toBe(27);
    expect(series.warnings).toContain(
      'left out head.dcm (frame 5 of 28): ImageOrientationPatient row direction has length 2.000, not 1',
    );
  });
});

describe('the CLI', () => {
  it('lists an Enhanced CT file as one volume and converts it to the file the single-frame series gives', async () => {
    const dir = folder('cli-enhanced', { 'head.dcm': enhancedCt(headSlices) });
    const { stdout } = await cli('series', dir);
    const report = JSON.parse(stdout) as { series: Array<{ sliceCount: number; isVolume: boolean }>; skipped: unknown[] };
    expect(report.series.map((s) => [s.sliceCount, s.isVolume])).toEqual([[28, true]]);
    expect(report.skipped).toEqual([]);
    await cli('convert', dir, '--series', '201', '-o', join(work, 'enhanced.nii'));
    await cli('convert', head, '--series', '201', '-o', join(work, 'single.nii'));
    expect(readFileSync(join(work, 'enhanced.nii')).equals(readFileSync(join(work, 'single.nii')))).toBe(true);
  }, 120_000);
});
