/**
 * Issue #16 item 5: raw data sets, files holding a DICOM data set without preamble, "DICM" or file
 * meta (implicit or explicit VR little endian), as old archives and some modality exports write them.
 * Made in memory from philips-head's slices, they must load, equal to the Part 10 originals voxel for
 * voxel, instead of being skipped as "not a DICOM file".
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { parseHeader } from '../src/dicom/parse-header';
import { rawDataSetSyntax } from '../src/dicom/raw-dataset';
import { sourcesFromPath } from '../src/sources/node-files';
import { sourceFromBytes } from '../src/sources/source-file';
import { buildVolume } from '../src/volume/build-volume';
import type { CtVolume } from '../src/volume/ct-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { voxelDigest } from '../src/volume/voxel-digest';
import { explicitRawDataSet, implicitRawDataSet } from './helpers/raw-dataset';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';
const work = scratchDir('ct-raw-dataset-');
const head = sharedCt('philips-head');
const names = readdirSync(head).filter((name) => /^I\d+$/.test(name));
const cli = (...args: string[]) =>
  promisify(execFile)('npx', ['tsx', 'src/cli/main.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });

function rawFolder(name: string, make: (file: Uint8Array) => Uint8Array): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const file of names) writeFileSync(join(dir, file), make(new Uint8Array(readFileSync(join(head, file)))));
  return dir;
}

async function build(dir: string): Promise<CtVolume> {
  const sources = await sourcesFromPath(dir);
  const index = await indexSources(sources);
  const series = index.series.find((s) => s.isVolume);
  if (!series) throw new Error(`no volume in ${dir}: ${JSON.stringify(index.skipped)}`);
  expect(series.sliceCount).toBe(28);
  return buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
}

let original: CtVolume;
beforeAll(async () => {
  original = await build(head);
}, 120_000);

describe('a raw data set', () => {
  const slice = new Uint8Array(readFileSync(join(head, 'I150')));

  it.each([
    ['implicit', implicitRawDataSet, IMPLICIT],
    ['explicit', explicitRawDataSet, EXPLICIT],
  ] as const)('in %s VR little endian has its transfer syntax found from its first bytes', async (_, make, syntax) => {
    const raw = make(slice);
    expect(raw[128] === 0x44 && raw[129] === 0x49).toBe(false);
    expect(rawDataSetSyntax(raw, raw.length)).toBe(syntax);
    const result = await parseHeader(sourceFromBytes('I150', raw));
    if (!result.ok) throw new Error(result.skipped.reason);
    expect(result.header.transferSyntaxUID).toBe(syntax);
    expect(result.header.rawDataSet).toBe(true);
    const part10 = await parseHeader(sourceFromBytes('I150', slice));
    if (!part10.ok) throw new Error(part10.skipped.reason);
    const { transferSyntaxUID: _a, rawDataSet: _b, ...fromRaw } = result.header;
    const { transferSyntaxUID: _c, ...fromPart10 } = part10.header;
    expect(fromRaw).toEqual(fromPart10);
  });

  it.each([
    ['implicit', implicitRawDataSet],
    ['explicit', explicitRawDataSet],
  ] as const)(
    'series in %s VR little endian builds the Part 10 series voxel for voxel',
    async (kind, make) => {
      const volume = await build(rawFolder(`raw-${kind}`, make));
      expect(voxelDigest(volume)).toEqual(voxelDigest(original));
      expect(volume.origin).toEqual(original.origin);
      expect(volume.spacing).toEqual(original.spacing);
      expect(volume.warnings).toEqual(original.warnings);
    },
    120_000,
  );

  it('is not confused with other files: text and random bytes are still "not a DICOM file"', async () => {
    const text = new TextEncoder().encode('not a DICOM file '.repeat(20));
    const random = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 251);
    for (const bytes of [text, random]) {
      const result = await parseHeader(sourceFromBytes('notes.txt', bytes));
      expect(!result.ok && result.skipped.reason).toMatch(/^not a DICOM file/);
    }
  });

  it('the CLI lists and converts a folder of implicit VR raw data sets as the Part 10 originals', async () => {
    const dir = rawFolder('cli-raw', implicitRawDataSet);
    const { stdout } = await cli('series', dir);
    const report = JSON.parse(stdout) as { series: Array<{ sliceCount: number; isVolume: boolean }>; skipped: unknown[] };
    expect(report.series.map((s) => [s.sliceCount, s.isVolume])).toEqual([[28, true]]);
    expect(report.skipped).toEqual([]);
    await cli('convert', dir, '--series', '201', '-o', join(work, 'raw.nii'));
    await cli('convert', head, '--series', '201', '-o', join(work, 'part10.nii'));
    expect(readFileSync(join(work, 'raw.nii')).equals(readFileSync(join(work, 'part10.nii')))).toBe(true);
  }, 120_000);
});
