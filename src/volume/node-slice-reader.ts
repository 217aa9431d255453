import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { DicomError, describeItkFailure } from '../dicom/dicom-error';
import type { SlicePixelReader } from './build-volume';

/**
 * itk-wasm's Node pipeline over files on disk; the files are passed already sorted. A slice made in
 * memory (a frame of a multi-frame file, a raw data set given its Part 10 wrapping) has no file of
 * its own: it is written to a temporary folder for the call, and the folder removed after it.
 */
export const nodeSliceReader: SlicePixelReader = {
  async readSlices(slices) {
    const pathOf = (source: object) => (source as { path?: string }).path;
    const scratch = slices.some(({ source }) => !pathOf(source)) ? await mkdtemp(join(tmpdir(), 'ct-slices-')) : null;
    try {
      const paths = await Promise.all(
        slices.map(async ({ source }, index) => {
          const path = pathOf(source);
          // The pipeline mounts each file's folder; a symbolic link pointing outside it would not resolve.
          if (path) return realpath(path);
          const written = join(scratch!, `slice-${String(index).padStart(5, '0')}.dcm`);
          await writeFile(written, await source.readAll());
          return written;
        }),
      );
      const { outputImage } = await readImageDicomFileSeriesNode({ inputImages: paths, singleSortedSeries: true });
      return outputImage;
    } catch (failure) {
      throw new DicomError(describeItkFailure(failure), slices[0]?.source.name);
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  },
};
