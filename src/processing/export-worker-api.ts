import type { CtVolume } from '../volume/ct-volume';
import type { LabelMask } from '../volume/label-mask';
import type { LabelFileFormat, VolumeFileFormat } from '../volume/volume-file';

/**
 * The export worker (workers/export.worker.ts): writes a volume or a label mask as a file with
 * `@itk-wasm/image-io`, inside the worker. Voxels arrive as views of shared memory (or as the
 * structured clone of a plain buffer); the file comes back as a Blob, which crosses by reference.
 */
export interface ExportWorkerApi {
  writeVolume(volume: CtVolume, format: VolumeFileFormat): Promise<Blob>;
  writeLabelMask(mask: LabelMask, format: LabelFileFormat): Promise<Blob>;
}
