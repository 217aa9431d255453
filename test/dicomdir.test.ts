/**
 * Issue #16 item 7, DICOMDIR: a folder (or zip) with a DICOMDIR loads as the folder of its images
 * does; the DICOMDIR is reported as read, a file it names that is missing is listed with that reason,
 * files it does not name are still indexed, and `series path/DICOMDIR` reads the files it names.
 * The DICOMDIR is written by test/helpers/write-dicomdir.ts (dcmjs), over a scratch copy of S2010.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readImageNode } from '@itk-wasm/image-io';
import { describe, expect, it } from 'vitest';
import { parseDicomdir } from '../src/dicom/dicomdir';
import { indexSources } from '../src/dicom/index-study';
import { sourceFromBytes } from '../src/sources/source-file';
import { sourcesFromPath } from '../src/sources/node-files';
import { dicomdirFolder } from './helpers/dicomdir-folder';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';
import { folderFiles, zipOf } from './helpers/zip-folder';

const run = promisify(execFile);
const work = scratchDir('ct-dicomdir-');
const s2010 = join(sharedCt('philips-phantom-tilt'), 'S2010');
const scout = join(sharedCt('philips-phantom-tilt'), 'S1000', 'I10');

interface SeriesJson {
  series: Array<{ seriesNumber: number | null; sliceCount: number; isVolume: boolean; warnings: string[] }>;
  skipped: Array<{ file: string; reason: string }>;
  notices?: string[];
}
const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/main.ts', ...args], { maxBuffer: 16 * 1024 * 1024 });
const series = async (path: string) => JSON.parse((await cli('series', path)).stdout) as SeriesJson;

describe('a DICOMDIR folder', () => {
  const fileSet = join(work, 'fileset');
  const ready = dicomdirFolder(s2010, fileSet).then((images) => {
    // A file the DICOMDIR does not name: indexed all the same.
    mkdirSync(join(fileSet, 'EXTRA'));
    copyFileSync(scout, join(fileSet, 'EXTRA', 'I10'));
    return images;
  });

  it('is written as a DICOMDIR naming every image', async () => {
    const images = await ready;
    expect(images).toHaveLength(54);
    expect(parseDicomdir(new Uint8Array(readFileSync(join(fileSet, 'DICOMDIR'))))).toEqual(
      images.map(({ fileId }) => fileId.join('/')),
    );
  });

  it('lists the series as the folder of its images does; the DICOMDIR is read, not skipped; unnamed files are indexed', async () => {
    await ready;
    const [reference, report] = await Promise.all([series(s2010), series(fileSet)]);
    expect(report.notices).toEqual(['DICOMDIR: 54 files named, 54 found']);
    expect(report.skipped).toEqual([]);
    const volume = report.series.find((s) => s.seriesNumber === 201)!;
    const expected = reference.series.find((s) => s.seriesNumber === 201)!;
    expect(volume).toEqual({ ...expected });
    expect(report.series.map((s) => s.seriesNumber).sort()).toEqual([100, 201]);
  }, 60_000);

  it('`series DIR/DICOMDIR` reads the files it names, and `convert` builds the same volume voxel for voxel', async () => {
    await ready;
    const report = await series(join(fileSet, 'DICOMDIR'));
    expect(report.notices).toEqual(['DICOMDIR: 54 files named, 54 found']);
    expect(report.series.map((s) => s.seriesNumber)).toEqual([201]);
    await cli('convert', s2010, '--series', '201', '-o', join(work, 'folder.nrrd'));
    await cli('convert', join(fileSet, 'DICOMDIR'), '--series', '201', '-o', join(work, 'dicomdir.nrrd'));
    const [reference, image] = await Promise.all([
      readImageNode(join(work, 'folder.nrrd')),
      readImageNode(join(work, 'dicomdir.nrrd')),
    ]);
    expect(image.size).toEqual(reference.size);
    expect(image.origin).toEqual(reference.origin);
    expect([...image.direction]).toEqual([...reference.direction]);
    expect(Buffer.from(image.data!.buffer).equals(Buffer.from(reference.data!.buffer))).toBe(true);
  }, 120_000);

  it('in a zip, reads the same', async () => {
    await ready;
    const zip = join(work, 'fileset.zip');
    writeFileSync(zip, zipOf(folderFiles(fileSet)));
    const report = await series(zip);
    expect(report.notices).toEqual(['fileset.zip/DICOMDIR: 54 files named, 54 found']);
    expect(report.skipped).toEqual([]);
    expect(report.series.find((s) => s.seriesNumber === 201)?.sliceCount).toBe(54);
  }, 60_000);
});

describe('a DICOMDIR with a file missing, on media that lower-cased the names', () => {
  it('matches the names whatever their case and lists the missing file as skipped with that reason', async () => {
    const fileSet = join(work, 'lower');
    await dicomdirFolder(s2010, fileSet);
    renameSync(join(fileSet, 'DICOM', 'S201'), join(fileSet, 'DICOM', 's201'));
    renameSync(join(fileSet, 'DICOM'), join(fileSet, 'dicom'));
    renameSync(join(fileSet, 'DICOMDIR'), join(fileSet, 'dicomdir'));
    rmSync(join(fileSet, 'dicom', 's201', 'IM0003'));
    const index = await indexSources(await sourcesFromPath(fileSet));
    expect(index.notices).toEqual(['dicomdir: 54 files named, 53 found']);
    expect(index.skipped).toEqual([{ file: 'DICOM/S201/IM0003', reason: 'named by dicomdir but not among the files' }]);
    expect(index.series[0]?.sliceCount).toBe(53);
  }, 60_000);
});

describe('files that are not a usable DICOMDIR', () => {
  it('the Philips DIRFILEs of the shared data stay skipped, saying why, and name no file as missing', async () => {
    const index = await indexSources(await sourcesFromPath(sharedCt('philips-phantom-tilt')));
    expect(index.notices).toBeUndefined();
    expect(index.skipped.map((file) => file.file)).toEqual([
      'DIRFILE',
      'S1000/DIRFILE',
      'S2010/DIRFILE',
      'S3010/DIRFILE',
      'S4010/DIRFILE',
    ]);
    for (const file of index.skipped) {
      expect(file.reason).toMatch(
        /^a DICOM directory file \(DICOMDIR SOP class\) naming \d+ files?, none of them found from its folder/,
      );
    }
  });

  it('a file named DICOMDIR that is not one keeps its reason; an image is refused as a DICOMDIR in words', async () => {
    const index = await indexSources([sourceFromBytes('DICOMDIR', new Uint8Array(4096).fill(7))]);
    expect(index.skipped).toEqual([{ file: 'DICOMDIR', reason: expect.stringMatching(/^not a DICOM file/) }]);
    expect(index.notices).toBeUndefined();
    expect(() => parseDicomdir(new Uint8Array(readFileSync(scout)))).toThrow(
      'not a DICOMDIR (Media Storage SOP Class 1.2.840.10008.5.1.4.1.1.2)',
    );
  });
});
