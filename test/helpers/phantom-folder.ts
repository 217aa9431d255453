import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexSources } from '../../src/dicom/index-study';
import { type GeneratedPhantom, type PhantomOptions, generatePhantom } from '../../src/phantom/phantom';
import { sourcesFromPath } from '../../src/sources/node-files';
import { buildVolume } from '../../src/volume/build-volume';
import { nodeSliceReader } from '../../src/volume/node-slice-reader';

/** Writes a generated phantom as Part 10 files into a fresh temporary folder. */
export function writePhantomFolder(options: PhantomOptions, parent = tmpdir()): { dir: string; phantom: GeneratedPhantom } {
  const dir = mkdtempSync(join(parent, 'ct-phantom-'));
  mkdirSync(dir, { recursive: true });
  const phantom = generatePhantom(options);
  for (const file of phantom.files) writeFileSync(join(dir, file.name), file.data);
  return { dir, phantom };
}

/** Index + build the only volume of a phantom folder, as the CLI does; the folder is removed after. */
export async function buildPhantom(options: PhantomOptions) {
  const { dir, phantom } = writePhantomFolder(options);
  try {
    const sources = await sourcesFromPath(dir);
    const index = await indexSources(sources);
    const series = index.series.find((s) => s.isVolume);
    if (!series) throw new Error(`phantom produced no volume: ${JSON.stringify(index.series.map((s) => s.reason))}`);
    const volume = await buildVolume(series, new Map(sources.map((s) => [s.name, s])), nodeSliceReader);
    return { phantom, series, volume };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
