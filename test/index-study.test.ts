import { describe, expect, it } from 'vitest';
import { indexSources } from '../src/dicom/index-study';
import { selectSeries } from '../src/dicom/select-series';
import { sourcesFromPath } from '../src/sources/node-files';
import { sharedCt } from './helpers/shared-data';

describe('indexing the Philips phantom study folder', () => {
  it('lists both volumes, the scout and the summaries with reasons, and skips every DIRFILE', async () => {
    const sources = await sourcesFromPath(sharedCt('philips-phantom-tilt'));
    const index = await indexSources(sources);

    const volumes = index.series.filter((s) => s.isVolume);
    expect(volumes.map((s) => [s.seriesNumber, s.sliceCount])).toEqual([
      [201, 54],
      [301, 58],
    ]);
    // Volumes are offered first.
    expect(index.series.slice(0, 2).every((s) => s.isVolume)).toBe(true);

    const scout = index.series.find((s) => s.seriesNumber === 100)!;
    expect(scout.isVolume).toBe(false);
    expect(scout.reason).toMatch(/localizer/);
    const summaries = index.series.filter((s) => s.seriesNumber === 401);
    expect(summaries.length).toBeGreaterThan(0);
    for (const summary of summaries) {
      expect(summary.isVolume).toBe(false);
      expect(summary.reason).not.toBe('');
    }

    // Nothing dropped: every file is either in a series or skipped with a reason.
    const inSeries = index.series.reduce((n, s) => n + s.sliceCount, 0);
    expect(inSeries + index.skipped.length).toBe(sources.length);
    const dirfiles = sources
      .filter((s) => s.name.endsWith('DIRFILE'))
      .map((s) => s.name)
      .sort();
    expect(dirfiles).toHaveLength(5);
    expect(index.skipped.map((s) => s.file).sort()).toEqual(dirfiles);
    for (const skipped of index.skipped) expect(skipped.reason).toMatch(/DICOMDIR|not DICOM|not an image/);

    // patient → study → series
    expect(index.patients).toHaveLength(1);
    expect(index.patients[0]!.studies).toHaveLength(1);
    expect(index.patients[0]!.studies[0]!.series.length).toBe(index.series.length);
  }, 60_000);

  it('sorts slices along the normal, not by file name', async () => {
    const index = await indexSources(await sourcesFromPath(sharedCt('philips-head')));
    const series = selectSeries(index, '201');
    // File names I10, I100, I110 … sort wrongly as text; positions must increase monotonically.
    const z = series.slices.map((s) => s.imagePositionPatient![2]);
    for (let k = 1; k < z.length; k++) expect(z[k]!).toBeGreaterThan(z[k - 1]!);
    expect(series.warnings).toEqual([]);
  });

  it('reports the GE head tilt and variable spacing from headers alone', async () => {
    const index = await indexSources(await sourcesFromPath(sharedCt('ge-head-tilt')));
    expect(index.series).toHaveLength(1);
    const warnings = index.series[0]!.warnings.join('; ');
    expect(warnings).toContain('gantry tilt 18.5°');
    expect(warnings).toMatch(/slice spacing varies 1\.1–7\.0 mm/);
    expect(warnings).not.toMatch(/missing/);
  });
});
