/**
 * Issue 17, item 5, in Node: the app's export writer (src/volume/volume-file.ts, which the export
 * worker runs with itk-wasm's browser writer) gives the file `cli convert` writes for the tilted GE
 * series, voxel for voxel and header field for field, described as the corrected, world-true volume;
 * its sform puts every voxel where the volume says it is; label masks as NIfTI and Slicer seg.nrrd.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readImageNode, writeImageNode } from '@itk-wasm/image-io';
import { describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { selectSeries } from '../src/dicom/select-series';
import { sourcesFromPath } from '../src/sources/node-files';
import { buildVolume } from '../src/volume/build-volume';
import { type CtVolume, indexToWorld } from '../src/volume/ct-volume';
import type { LabelMask } from '../src/volume/label-mask';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import {
  DESCRIPTION_KEY,
  type ImageFileWriter,
  NIFTI_DESCRIPTION_BYTES,
  volumeFileDescription,
  writeLabelFile,
  writeVolumeFile,
} from '../src/volume/volume-file';
import { readNifti } from './helpers/nifti-header';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const run = promisify(execFile);
const work = scratchDir('ct-export-');

/** itk-wasm's Node writer behind the app's writer interface: a file in the scratch folder, read back. */
let written = 0;
const nodeWriter: ImageFileWriter = async (image, fileName) => {
  const path = join(work, `${++written}-${fileName}`);
  await writeImageNode(image, path);
  return new Uint8Array(readFileSync(path));
};

async function geTiltedVolume(): Promise<CtVolume> {
  const sources = await sourcesFromPath(sharedCt('ge-head-tilt'));
  const series = selectSeries(await indexSources(sources), '2');
  return buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
}

describe('volume export', () => {
  it('writes the tilted GE series as cli convert does: same voxels, sform, qform and description', async () => {
    const volume = await geTiltedVolume();
    expect(volume.corrections.join('; ')).toMatch(/gantry tilt 18\.5° corrected/);
    const app = readNifti(await writeVolumeFile(volume, 'nifti', nodeWriter));

    const cliOut = join(work, 'cli.nii.gz');
    await run('npx', ['tsx', 'src/cli/main.ts', 'convert', sharedCt('ge-head-tilt'), '--series', '2', '-o', cliOut], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const cli = readNifti(new Uint8Array(readFileSync(cliOut)));

    expect(app.dim.slice(0, 4)).toEqual([3, ...volume.dimensions]);
    expect(app.datatype).toBe(4); // NIFTI_TYPE_INT16: HU as built
    expect(app.sformCode).toBeGreaterThan(0);
    expect(app.qformCode).toBeGreaterThan(0);
    expect(app.descrip).toMatch(/^Corrected world-true volume \(HU\): gantry tilt 18\.5 deg corrected/);
    expect(app.descrip.length).toBeLessThanOrEqual(NIFTI_DESCRIPTION_BYTES);
    for (const field of ['dim', 'pixdim', 'srow', 'quatern', 'qoffset', 'qformCode', 'sformCode', 'descrip'] as const) {
      expect(app[field], field).toEqual(cli[field]);
    }
    expect(Buffer.from(app.voxels).equals(Buffer.from(cli.voxels))).toBe(true);
    expect(Buffer.from(app.bytes).equals(Buffer.from(cli.bytes))).toBe(true);

    // Independently of the CLI: the voxels are the volume's, and the sform (RAS) puts voxel (i, j, k)
    // at the volume's own LPS position of it.
    const hu = new Int16Array(app.voxels.buffer.slice(app.voxels.byteOffset, app.voxels.byteOffset + app.voxels.byteLength));
    expect(hu.length).toBe(volume.scalars.length);
    expect(hu.every((value, i) => value === volume.scalars[i])).toBe(true);
    const [nx, ny, nz] = volume.dimensions;
    for (const [i, j, k] of [
      [0, 0, 0],
      [nx - 1, 0, 0],
      [0, ny - 1, 0],
      [0, 0, nz - 1],
      [nx - 1, ny - 1, nz - 1],
    ]) {
      const lps = indexToWorld(volume, i!, j!, k!);
      const ras = app.srow.map((row) => row[0]! * i! + row[1]! * j! + row[2]! * k! + row[3]!);
      expect(Math.abs(ras[0]! + lps[0])).toBeLessThan(1e-3);
      expect(Math.abs(ras[1]! + lps[1])).toBeLessThan(1e-3);
      expect(Math.abs(ras[2]! - lps[2])).toBeLessThan(1e-3);
    }
  }, 240_000);

  it('writes NRRD with the whole description as a header key', async () => {
    const volume = await geTiltedVolume();
    const bytes = await writeVolumeFile(volume, 'nrrd', nodeWriter);
    const header = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
    expect(header).toContain(`${DESCRIPTION_KEY}:=${volumeFileDescription(volume)}\n`);
    expect(header).toMatch(/space: left-posterior-superior/);
    const path = join(work, 'back.nrrd');
    writeFileSync(path, bytes);
    const image = await readImageNode(path);
    expect(image.size).toEqual(volume.dimensions);
    expect(Buffer.from((image.data as Int16Array).buffer).equals(Buffer.from(volume.scalars.buffer))).toBe(true);
  }, 120_000);

  it('keeps a description printable ASCII and within NIfTI descrip', () => {
    const long = { corrections: ['gantry tilt 18.5° corrected', 'spacing 1.1–7.0 mm resampled to 4.0 mm', 'x'.repeat(100)] };
    const nifti = volumeFileDescription(long, NIFTI_DESCRIPTION_BYTES);
    expect(nifti.length).toBe(NIFTI_DESCRIPTION_BYTES);
    expect(nifti).toMatch(/^[\x20-\x7e]+\.\.\.$/);
    expect(volumeFileDescription(long)).toContain('gantry tilt 18.5 deg corrected; spacing 1.1-7.0 mm resampled to 4.0 mm');
    expect(volumeFileDescription({ corrections: ['a\nb<script>'] })).not.toMatch(/\n/);
    expect(volumeFileDescription({ corrections: [] })).toMatch(/^Corrected world-true volume \(HU\): regular grid/);
  });
});

describe('label mask export', () => {
  const mask: LabelMask = {
    name: 'Connected threshold — bone',
    dimensions: [6, 5, 4],
    spacing: [0.5, 0.75, 2],
    origin: [-10, 20, 30],
    axes: [
      [1, 0, 0],
      [0, 0, -1],
      [0, 1, 0],
    ],
    scalars: new Uint8Array(6 * 5 * 4),
    colour: [1, 0.5, 0],
  };
  mask.scalars[1 + 6 * (2 + 5 * 1)] = 1;
  mask.scalars[4 + 6 * (3 + 5 * 2)] = 1;
  mask.scalars[2 + 6 * (0 + 5 * 3)] = 3;

  it('as NIfTI: the labels on the mask grid', async () => {
    const file = readNifti(await writeLabelFile(mask, 'nifti', nodeWriter));
    expect(file.datatype).toBe(2); // NIFTI_TYPE_UINT8
    expect(file.dim.slice(0, 4)).toEqual([3, 6, 5, 4]);
    expect(Array.from(file.voxels)).toEqual(Array.from(mask.scalars));
    expect(file.descrip).toBe('CT Viewer label mask: Connected threshold - bone');
    // voxel (1, 2, 3) at origin + 1·0.5·i + 2·0.75·j + 3·2·k, in RAS
    const lps = [-10 + 0.5, 20 + 3 * 2, 30 - 2 * 0.75];
    const ras = file.srow.map((row) => row[0]! * 1 + row[1]! * 2 + row[2]! * 3 + row[3]!);
    expect(ras.map((v) => Number(v.toFixed(4)))).toEqual([-lps[0]!, -lps[1]!, lps[2]!].map((v) => Number(v.toFixed(4))));
  }, 60_000);

  it('as seg.nrrd: one segment per label with its extent, read back by itk-wasm', async () => {
    const bytes = await writeLabelFile(mask, 'seg-nrrd', nodeWriter);
    const header = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
    expect(header).toContain('Segmentation_MasterRepresentation:=Binary labelmap\n');
    expect(header).toContain('Segment0_LabelValue:=1\n');
    expect(header).toContain('Segment0_Extent:=1 4 2 3 1 2\n');
    expect(header).toContain('Segment1_LabelValue:=3\n');
    expect(header).toContain('Segment1_Extent:=2 2 0 0 3 3\n');
    expect(header).toContain('Segment0_Name:=Connected threshold - bone 1\n');
    expect(header).toContain('Segment0_Color:=1.000000 0.500000 0.000000\n');
    const path = join(work, 'labels.seg.nrrd');
    writeFileSync(path, bytes);
    const image = await readImageNode(path);
    expect(Array.from(image.data as Uint8Array)).toEqual(Array.from(mask.scalars));
    expect(image.direction).toEqual(new Float64Array([1, 0, 0, 0, 0, 1, 0, -1, 0]));
  }, 60_000);
});
