/** Writing a case's in-memory files into a scratch folder, and building a reference volume from one in Node. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { indexSources } from '../../src/dicom/index-study';
import { selectSeries } from '../../src/dicom/select-series';
import { sourcesFromPath } from '../../src/sources/node-files';
import { buildVolume } from '../../src/volume/build-volume';
import type { CtVolume } from '../../src/volume/ct-volume';
import { nodeSliceReader } from '../../src/volume/node-slice-reader';
import type { CaseFiles, ReferenceSeries } from './case-types';

/** Writes `files` into `<parent>/<name>` (created) and returns that folder. */
export function writeCaseFolder(parent: string, name: string, files: CaseFiles): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    // A name may hold folders ('DICOM/S201/IM0001'), as a DICOMDIR's files do.
    mkdirSync(dirname(join(dir, file.name)), { recursive: true });
    writeFileSync(join(dir, file.name), file.bytes);
  }
  return dir;
}

const built = new Map<string, Promise<CtVolume>>();

/**
 * The reference's volume, built by the library itself (index, select, build: what the CLI's convert
 * runs), once per reference id; its folder is written under `parent`.
 */
export function referenceVolume(parent: string, reference: ReferenceSeries): Promise<CtVolume> {
  let volume = built.get(reference.id);
  if (!volume) {
    volume = (async () => {
      const dir = writeCaseFolder(parent, `reference-${reference.id}`, await reference.build());
      const sources = await sourcesFromPath(dir);
      const index = await indexSources(sources);
      const volumes = index.series.filter((s) => s.isVolume);
      const series = reference.series ? selectSeries(index, reference.series) : volumes[0];
      if (!series || (!reference.series && volumes.length !== 1)) {
        throw new Error(`reference ${reference.id} holds ${volumes.length} volumes, not one`);
      }
      return buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
    })();
    built.set(reference.id, volume);
  }
  return volume;
}
