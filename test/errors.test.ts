import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DicomError } from '../src/dicom/dicom-error';
import { indexSources } from '../src/dicom/index-study';
import { selectSeries } from '../src/dicom/select-series';
import { sourcesFromPath } from '../src/sources/node-files';
import { buildVolume } from '../src/volume/build-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { scratchDir } from './helpers/scratch-dir';
import { sharedCt } from './helpers/shared-data';

const work = scratchDir('ct-errors-');

/** philips-head linked file by file, plus broken files whose names sort first. */
function folderWithBrokenFiles(): string {
  const dir = mkdtempSync(join(work, 'broken-'));
  const head = sharedCt('philips-head');
  for (const name of ['I10', 'I20', 'I30', 'I40', 'I50', 'I60']) symlinkSync(join(head, name), join(dir, name));
  writeFileSync(join(dir, '0-notes.txt'), 'this is not DICOM at all, but long enough to look at '.repeat(10));
  writeFileSync(join(dir, '0-empty.dcm'), new Uint8Array(0));
  const whole = readFileSync(join(head, 'I70'));
  writeFileSync(join(dir, '0-truncated-pixels.dcm'), whole.subarray(0, whole.length - 100_000));
  writeFileSync(join(dir, '0-truncated-header.dcm'), whole.subarray(0, 600));
  return dir;
}

describe('malformed input', () => {
  it('skips non-DICOM, empty and truncated files with named reasons and still builds the series', async () => {
    const dir = folderWithBrokenFiles();
    const sources = await sourcesFromPath(dir);
    const index = await indexSources(sources);
    const reasons = Object.fromEntries(index.skipped.map((s) => [s.file, s.reason]));
    expect(reasons['0-notes.txt']).toMatch(/not a DICOM file/);
    expect(reasons['0-empty.dcm']).toMatch(/empty file/);
    expect(reasons['0-truncated-pixels.dcm']).toMatch(/truncated/);
    expect(reasons['0-truncated-header.dcm']).toMatch(/truncated/);

    const series = selectSeries(index, '201');
    expect(series.sliceCount).toBe(6);
    const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
    expect(volume.dimensions).toEqual([512, 512, 6]);
  }, 60_000);

  it("turns itk-wasm's bare-number rejection into an Error naming the file, and the next read works", async () => {
    const dir = folderWithBrokenFiles();
    const sources = await sourcesFromPath(dir);
    const notDicom = sources.find((s) => s.name === '0-notes.txt')!;
    const good = sources.filter((s) => /^I\d+$/.test(s.name));
    const header = (await indexSources(good)).series[0]!.slices[0]!;

    const failure = await nodeSliceReader
      .readSlices([{ header, source: notDicom }, ...good.slice(0, 2).map((source) => ({ header, source }))])
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(DicomError);
    expect((failure as Error).message).toContain('0-notes.txt');
    expect((failure as Error).message).toMatch(/not a readable DICOM image/);

    const image = await nodeSliceReader.readSlices(good.slice(0, 3).map((source) => ({ header, source })));
    expect(image.size).toEqual([512, 512, 3]);
  }, 60_000);

  it('refuses to build a non-volume with the reason in words', async () => {
    const sources = await sourcesFromPath(sharedCt('philips-phantom-tilt'));
    const index = await indexSources(sources);
    const scout = index.series.find((s) => s.seriesNumber === 100)!;
    await expect(buildVolume(scout, new Map(), nodeSliceReader)).rejects.toThrow(/not a volume: scout/);
  });

  it('names every candidate when a series number is ambiguous', async () => {
    const dir = mkdtempSync(join(work, 'two-studies-'));
    const phantom = sharedCt('philips-phantom-tilt');
    symlinkSync(join(phantom, 'S2010'), join(dir, 'a'));
    symlinkSync(sharedCt('philips-head'), join(dir, 'b'));
    const index = await indexSources(await sourcesFromPath(dir));
    expect(() => selectSeries(index, '201')).toThrow(/ambiguous.*matches 2 series/);
    const uid = index.series.find((s) => s.sliceCount === 28)!.seriesInstanceUID;
    expect(selectSeries(index, uid).sliceCount).toBe(28);
  }, 60_000);
});
