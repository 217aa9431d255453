import { readImageDicomFileSeriesWorkerFunction, setPipelinesBaseUrl } from '@itk-wasm/dicom';
import { DicomError, describeItkFailure } from '../src/dicom/dicom-error';
import { itkPipelinesBaseUrl } from '../src/itk-pipeline-urls';
import type { SlicePixelReader } from '../src/volume/build-volume';

setPipelinesBaseUrl(itkPipelinesBaseUrl('dicom'));

/**
 * Runs itk-wasm's DICOM series pipeline inside this worker (webWorker: false): the worker already is
 * off the main thread, and itk-wasm keeps the loaded pipeline module for the next call.
 */
export const workerSliceReader: SlicePixelReader = {
  async readSlices(slices) {
    // Names inside the pipeline's virtual file system must be flat and unique; order is what we pass.
    const files = await Promise.all(
      slices.map(async ({ source }, index) => ({ path: `slice-${String(index).padStart(5, '0')}.dcm`, data: await source.readAll() })),
    );
    try {
      const { outputImage } = await readImageDicomFileSeriesWorkerFunction(files, true, { webWorker: false });
      return outputImage;
    } catch (failure) {
      throw new DicomError(describeItkFailure(failure), slices[0]?.source.name);
    }
  },
};
