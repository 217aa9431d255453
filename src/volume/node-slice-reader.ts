import { realpath } from 'node:fs/promises';
import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { DicomError, describeItkFailure } from '../dicom/dicom-error';
import type { SlicePixelReader } from './build-volume';

/** itk-wasm's Node pipeline over files on disk; the files are passed already sorted. */
export const nodeSliceReader: SlicePixelReader = {
  async readSlices(slices) {
    const paths = slices.map(({ source }) => {
      const path = (source as { path?: string }).path;
      if (!path) throw new DicomError('the Node reader needs files on disk', source.name);
      return path;
    });
    try {
      // The pipeline mounts each file's folder; a symbolic link pointing outside it would not resolve.
      paths.splice(0, paths.length, ...(await Promise.all(paths.map((path) => realpath(path)))));
      const { outputImage } = await readImageDicomFileSeriesNode({ inputImages: paths, singleSortedSeries: true });
      return outputImage;
    } catch (failure) {
      throw new DicomError(describeItkFailure(failure), slices[0]?.source.name);
    }
  },
};
