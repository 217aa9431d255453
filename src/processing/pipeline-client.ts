import { type Remote, transfer, wrap } from 'comlink';
import type { InterfaceJsonResult, PipelineWorkerApi, RunRequest, RunResult, VolumeTransfer } from './pipeline-worker-api';
import type { CtVolume } from '../volume/ct-volume';
import { volumeToItkImage } from '../volume/to-itk-image';
import type { PipelineLocation } from './registry';
import { type PipelineTimings, timelineNow } from './run-timings';

export class PipelineCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PipelineCancelled';
  }
}

export type ClientRunResult = Omit<RunResult, 'timings'> & {
  /** Whether the volume was sent with this run (the worker keeps the last one). */
  volumeSent: boolean;
  /** Only for a profiled run: the worker's timings completed with the main thread's. */
  timings?: PipelineTimings;
};

export interface ClientRunOptions {
  /** Time the run, itk-wasm's copies included (see run-timings.ts). */
  profile?: boolean;
}

let volumeIds = 0;

/**
 * One pipeline worker and what it holds. Cancel terminates it (a wasm call cannot be interrupted)
 * and starts a fresh one; the fresh one has no volume and no module loaded yet.
 */
export class PipelineClient {
  /** Started on the first call, so an idle panel costs no worker. */
  private worker: Worker | null = null;
  private api: Remote<PipelineWorkerApi> | null = null;
  /** The volume the current worker holds, and its id there. */
  private held: { volume: CtVolume; id: string } | null = null;
  private readonly pending = new Set<(reason: Error) => void>();

  interfaceJson(location: PipelineLocation): Promise<InterfaceJsonResult> {
    return this.call((api) => api.interfaceJson(location));
  }

  async run(
    request: Omit<RunRequest, 'volumeId' | 'volume' | 'profile'>,
    volume: CtVolume | null,
    options: ClientRunOptions = {},
  ): Promise<ClientRunResult> {
    const needsImage = request.inputs.some((input) => input.binding === 'image');
    if (needsImage && !volume) throw new Error('no volume is loaded');
    let mainCopyMs = 0;
    let sent: VolumeTransfer | undefined;
    let volumeId = '';
    if (needsImage && volume) {
      if (this.held?.volume === volume) volumeId = this.held.id;
      else {
        const t0 = performance.now();
        // The page keeps drawing its own voxels: the worker gets a copy it owns (transferred, so
        // the copy itself is the only main-thread cost). The copy owns its whole buffer, as
        // itk-wasm passes typedArray.buffer from byte 0.
        const image = { ...volumeToItkImage(volume), data: volume.scalars.slice() };
        mainCopyMs = performance.now() - t0;
        volumeId = `volume-${++volumeIds}`;
        sent = { id: volumeId, image };
        this.held = null;
      }
    }
    const full: RunRequest = {
      ...request,
      volumeId,
      ...(sent ? { volume: sent } : {}),
      ...(options.profile ? { profile: { postedAt: timelineNow() } } : {}),
    };
    const transferables = sent ? [(sent.image.data as ArrayBufferView).buffer as ArrayBuffer] : [];
    try {
      const { timings: worker, ...result } = await this.call((api) => api.run(transfer(full, transferables)));
      if (sent && volume) this.held = { volume, id: volumeId };
      if (!worker) return { ...result, volumeSent: !!sent };
      const { postedAt, ...inWorker } = worker;
      return { ...result, volumeSent: !!sent, timings: { ...inWorker, mainCopyMs, fromWorkerMs: timelineNow() - postedAt } };
    } catch (error) {
      // A pipeline that threw (rather than returning non-zero) may leave its module broken.
      if (!(error instanceof PipelineCancelled)) this.restart();
      throw error;
    }
  }

  /** Stops whatever runs: the pending calls reject with PipelineCancelled. */
  cancel(): void {
    this.restart();
  }

  dispose(): void {
    for (const reject of this.pending) reject(new PipelineCancelled());
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
    this.api = null;
    this.held = null;
  }

  /** A fresh worker starts with the next call. */
  private restart(): void {
    this.dispose();
  }

  private started(): Remote<PipelineWorkerApi> {
    if (!this.api) {
      this.worker = new Worker(new URL('../../workers/pipeline.worker.ts', import.meta.url), {
        type: 'module',
        name: 'pipelines',
      });
      this.api = wrap<PipelineWorkerApi>(this.worker);
      this.held = null;
    }
    return this.api;
  }

  private call<T>(job: (api: Remote<PipelineWorkerApi>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const settle = (reason: Error) => reject(reason);
      this.pending.add(settle);
      job(this.started()).then(
        (value) => {
          this.pending.delete(settle);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(settle);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
