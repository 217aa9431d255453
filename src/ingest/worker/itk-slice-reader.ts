import { readImageDicomFileSeriesWorkerFunction, setPipelinesBaseUrl } from '@itk-wasm/dicom';
import { DicomError, describeItkFailure } from '../../dicom/dicom-error';
import { itkPipelinesBaseUrl } from '../../runtime/itk-pipeline-urls';
import { generatePhantom } from '../../phantom/phantom';
import type { SlicePixelReader } from '../../volume/build-volume';
import { recycleOutput } from './itk-output-buffers';

setPipelinesBaseUrl(itkPipelinesBaseUrl('dicom'));

/**
 * The warm-up in progress, if any: a read waits for it, since itk-wasm would otherwise load a
 * second copy of the module for a call made while the first is still loading.
 */
let warming: Promise<void> | null = null;

/**
 * Fetches, decompresses and compiles the DICOM series pipeline, and runs it once over one generated
 * 512×512 slice, before any file arrives: the first chunk of a load then meets a loaded module whose
 * code for slices of that size has already run (and been optimised by the engine). Against a warm-up
 * on two 8×8 slices: first slice of 512×512×140 194 → 178 ms, renderer peak +5 MB (medians of 8
 * alternating loads).
 */
export function warmSliceReader(): Promise<void> {
  warming ??= (async () => {
    const { files } = generatePhantom({ rows: 512, columns: 512, slices: 1, seed: 'warm-up' });
    const inputs = files.map((file, index) => ({ path: `warm-${index}.dcm`, data: file.data }));
    const { outputImage } = await readImageDicomFileSeriesWorkerFunction(inputs, true, { webWorker: false });
    if (outputImage.size[0] !== 512 || outputImage.size[1] !== 512) throw new Error('DICOM reader warm-up read a wrong image');
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
      slices.map(async ({ source }, index) => ({ path: `slice-${String(index).padStart(5, '0')}.dcm`, data: await source.readAll() })),
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
