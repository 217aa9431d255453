/** A scratch File-set: a shared-data series copied under DICOMDIR-style names, with its DICOMDIR. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexSources } from '../../src/dicom/index-study';
import { sourcesFromPath } from '../../src/sources/node-files';
import { type DicomdirImage, writeDicomdir } from './write-dicomdir';

/**
 * Copies every image of `seriesFolder`'s series into `out/DICOM/<series>/IM0001…` (upper case, no
 * extension, ≤ 8 characters a component) and writes `out/DICOMDIR` naming them. Returns the images.
 */
export async function dicomdirFolder(seriesFolder: string, out: string, seriesDir = 'S201'): Promise<DicomdirImage[]> {
  const index = await indexSources(await sourcesFromPath(seriesFolder));
  const images: DicomdirImage[] = [];
  for (const series of index.series) {
    for (const header of series.slices) {
      images.push({ fileId: ['DICOM', seriesDir, `IM${String(images.length + 1).padStart(4, '0')}`], header });
    }
  }
  mkdirSync(join(out, 'DICOM', seriesDir), { recursive: true });
  for (const { fileId, header } of images) copyFileSync(join(seriesFolder, header.file), join(out, ...fileId));
  writeFileSync(join(out, 'DICOMDIR'), writeDicomdir(images));
  return images;
}
