import { type Remote, proxy, wrap } from 'comlink';
import type { StudyIndexSummary } from '../dicom/series-types';
import type { PhantomOptions } from '../sample/phantom';
import type { CtVolume } from '../volume/ct-volume';
import type { IngestApi, ProgressCallback } from '../../workers/ingest-api';

type Input = { kind: 'files'; files: File[] } | { kind: 'sample'; options: PhantomOptions };

/**
 * Main-thread handle on the ingest worker. A failed build may leave the wasm module in a bad state,
 * so the worker is replaced and the same input re-indexed (headers only) before the next call.
 */
export class IngestClient {
  private worker!: Worker;
  private api!: Remote<IngestApi>;
  private input: Input | null = null;
  private needsReindex = false;

  constructor() {
    this.spawn();
  }

  async indexFiles(files: File[], onProgress?: ProgressCallback): Promise<StudyIndexSummary> {
    this.input = { kind: 'files', files };
    this.needsReindex = false;
    return this.guard(() => this.api.indexFiles(files, onProgress ? proxy(onProgress) : undefined));
  }

  async indexSample(options: PhantomOptions = {}): Promise<StudyIndexSummary> {
    this.input = { kind: 'sample', options };
    this.needsReindex = false;
    return this.guard(() => this.api.indexSample(options));
  }

  async build(seriesId: string, onProgress?: ProgressCallback): Promise<CtVolume> {
    if (this.needsReindex && this.input) {
      await (this.input.kind === 'files' ? this.api.indexFiles(this.input.files) : this.api.indexSample(this.input.options));
      this.needsReindex = false;
    }
    return this.guard(() => this.api.build(seriesId, onProgress ? proxy(onProgress) : undefined));
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      this.worker.terminate();
      this.spawn();
      this.needsReindex = true;
      throw error instanceof Error ? error : new Error(String(error));
    }
  }

  private spawn(): void {
    this.worker = new Worker(new URL('../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' });
    this.api = wrap<IngestApi>(this.worker);
  }
}
