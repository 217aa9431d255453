import { type Remote, wrap } from 'comlink';
import { isSharedBuffer } from '../runtime/shared-buffer';
import type { CtVolume } from '../volume/ct-volume';
import type { LabelMask } from '../volume/label-mask';
import type { LabelFileFormat, VolumeFileFormat } from '../volume/volume-file';
import type { ExportWorkerApi } from './export-worker-api';

/** How the voxels reached the worker: a view of shared memory, or the structured clone of a plain buffer. */
export type VoxelPassing = 'shared' | 'cloned';

export interface ExportedFile {
  blob: Blob;
  voxels: VoxelPassing;
}

/**
 * Writes files in a worker of its own, started for one export and ended after it: a wasm heap never
 * shrinks, and a volume-sized one is not worth keeping for the next export, which is rare.
 *
 * The built volume's voxels are in shared memory where the page is cross-origin isolated (the ingest
 * worker puts them there), so the worker reads the page's own voxels and nothing is copied here. A
 * volume or mask in a plain buffer (a pipeline's output) cannot be lent (the views keep drawing it):
 * it is cloned by postMessage, the one copy the page makes.
 */
export class ExportClient {
  async writeVolume(volume: CtVolume, format: VolumeFileFormat): Promise<ExportedFile> {
    return this.withWorker(volume.scalars, (api) => api.writeVolume(volume, format));
  }

  async writeLabelMask(mask: LabelMask, format: LabelFileFormat): Promise<ExportedFile> {
    return this.withWorker(mask.scalars, (api) => api.writeLabelMask(mask, format));
  }

  private async withWorker(voxels: ArrayBufferView, job: (api: Remote<ExportWorkerApi>) => Promise<Blob>): Promise<ExportedFile> {
    const worker = new Worker(new URL('../../workers/export.worker.ts', import.meta.url), { type: 'module', name: 'export' });
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        reject(new Error(`the export worker failed to start${event.message ? `: ${event.message}` : ''}`));
      });
    });
    try {
      const blob = await Promise.race([job(wrap<ExportWorkerApi>(worker)), failed]);
      return { blob, voxels: isSharedBuffer(voxels.buffer) ? 'shared' : 'cloned' };
    } finally {
      worker.terminate();
    }
  }
}
