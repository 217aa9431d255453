import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import type { SeriesEntry } from '../src/dicom/series-types';
import { sourcesFromPath } from '../src/sources/node-files';
import { buildVolume } from '../src/volume/build-volume';
import type { HuArray } from '../src/volume/ct-volume';
import { nodeSliceReader } from '../src/volume/node-slice-reader';
import { sharedCt } from './helpers/shared-data';
import { axesFromItkDirection, medianWorldError } from './helpers/world-error';

async function loadSeries(folder: string, seriesNumber: number) {
  const sources = await sourcesFromPath(sharedCt(folder));
  const index = await indexSources(sources);
  const series = index.series.find((s) => s.seriesNumber === seriesNumber && s.isVolume) as SeriesEntry;
  const byName = new Map(sources.map((s) => [s.name, s]));
  const slices = series.slices.map((header) => ({ header, path: byName.get(header.file)!.path }));
  return { series, byName, slices };
}

/** What a naive app gets: one plain itk-wasm call over the series' files, its geometry taken as is. */
async function naiveVolume(paths: string[]) {
  const { outputImage } = await readImageDicomFileSeriesNode({ inputImages: paths });
  return {
    origin: outputImage.origin as [number, number, number],
    spacing: outputImage.spacing as [number, number, number],
    axes: axesFromItkDirection(outputImage.direction as Float64Array),
    dimensions: outputImage.size as [number, number, number],
    scalars: outputImage.data as HuArray,
  };
}

describe.each([
  { folder: 'ge-head-tilt', seriesNumber: 2, expect: ['gantry tilt 18.5°', 'slice spacing varies'] },
  { folder: 'philips-phantom-tilt', seriesNumber: 201, expect: ['gantry tilt 18.5°'] },
  { folder: 'philips-phantom-tilt', seriesNumber: 301, expect: ['gantry tilt 16.5°'] },
])('world geometry of $folder series $seriesNumber', ({ folder, seriesNumber, expect: expected }) => {
  it('reports the tilt (and spacing) and lands every original pixel where it belongs', async () => {
    const { series, byName, slices } = await loadSeries(folder, seriesNumber);
    for (const text of expected) expect(series.warnings.join('; ')).toContain(text);

    const built = await buildVolume(series, byName, nodeSliceReader);
    expect(built.corrections.join('; ')).toContain('corrected');
    const naive = await naiveVolume(slices.map((s) => s.path));

    const ours = await medianWorldError(built, slices);
    const theirs = await medianWorldError(naive, slices);
    console.info(`${folder} ${seriesNumber}: median world error ours ${ours.toFixed(1)} HU, naive ${theirs.toFixed(1)} HU`);
    expect(theirs).toBeGreaterThan(20);
    expect(ours).toBeLessThanOrEqual(0.15 * theirs);
  }, 120_000);
});
