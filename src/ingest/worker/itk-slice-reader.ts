import { readImageDicomFileSeriesWorkerFunction, setPipelinesBaseUrl } from '@itk-wasm/dicom';
import { DicomError, describeItkFailure } from '../../dicom/dicom-error';
import { itkPipelinesBaseUrl } from '../../runtime/itk-pipeline-urls';
import type { SlicePixelReader } from '../../volume/build-volume';
import { recycleOutput } from './itk-output-buffers';
import { WARM_UP_SIZE, writeWarmUpSlice } from './warm-up-slice';

setPipelinesBaseUrl(itkPipelinesBaseUrl('dicom'));

/**
 * The warm-up in progress, if any: a read waits for it, since itk-wasm would otherwise load a
 * second copy of the module for a call made while the first is still loading.
 */
let warming: Promise<void> | null = null;

/**
 * Fetches, decompresses and compiles the DICOM series pipeline, and runs it once over one generated
 * 512×512 slice, before any file arrives: the first chunk of a load then meets a loaded module whose
 * code for slices of that size has already run (and been optimised by the engine). A slice of real
 * size, not a tiny one, is what brings the first slice of a load sooner, for a little more memory.
 */
export function warmSliceReader(): Promise<void> {
  warming ??= (async () => {
    const inputs = [{ path: 'warm-0.dcm', data: writeWarmUpSlice() }];
    const { outputImage } = await readImageDicomFileSeriesWorkerFunction(inputs, true, { webWorker: false });
    if (outputImage.size[0] !== WARM_UP_SIZE || outputImage.size[1] !== WARM_UP_SIZE) {
      throw new Error('DICOM reader warm-up read a wrong image');
    }
    if (outputImage.data) recycleOutput(outputImage.data.buffer);
  })();
  return warming;
}

/**
 * Runs itk-wasm's DICOM series pipeline inside this worker (webWorker: false): the worker already is
 * off the main thread, and itk-wasm keeps the loaded pipeline module for the next call.
 */
export const workerSliceReader: SlicePixelReader = {
  async readSlices(slices) {
    await warming?.catch(() => undefined);
    // Names inside the pipeline's virtual file system must be flat and unique; order is what we pass.
    const files = await Promise.all(
      slices.map(async ({ source }, index) => ({
        path: `slice-${String(index).padStart(5, '0')}.dcm`,
        data: await source.readAll(),
      })),
    );
    try {
      const { outputImage } = await readImageDicomFileSeriesWorkerFunction(files, true, { webWorker: false });
      return outputImage;
    } catch (failure) {
      throw new DicomError(describeItkFailure(failure), slices[0]?.source.name);
    }
  },
  recycle: recycleOutput,
};
