import type { GpuCompletion } from './gpu-completion';
import type { PaneName } from './pane-layout';

/** One drawn frame: which panes it drew, at which 3D quality, when it was sent and when the GPU had run it. */
export interface FrameRecord {
  id: number;
  panes: PaneName[];
  /** The 3D pane's ray-cast quality when it was drawn: coarse while its camera or look changes, or full. */
  quality3d: 'interactive' | 'full' | null;
  /** performance.now() when the frame's commands were sent. */
  sentAt: number;
  /** performance.now() when the GPU had executed them (a fence), null until then. */
  finishedAt: number | null;
}

const KEPT_FRAMES = 1000;

/**
 * The last frames the viewer drew, for automation (the benchmark's interaction phase, e2e tests that
 * check what was drawn): what a frame did, and when its pixels were done, from a GPU fence rather than
 * from an animation frame that only proves the commands were sent.
 */
export class FrameLog {
  private readonly records: FrameRecord[] = [];
  private nextId = 1;

  constructor(private readonly gpu: GpuCompletion) {}

  /** Records a frame just sent; resolves with it once the GPU has executed it (null: nothing was drawn). */
  record(panes: PaneName[], quality3d: FrameRecord['quality3d']): Promise<FrameRecord> | null {
    if (panes.length === 0) return null;
    const record: FrameRecord = { id: this.nextId++, panes, quality3d, sentAt: performance.now(), finishedAt: null };
    this.records.push(record);
    if (this.records.length > KEPT_FRAMES) this.records.shift();
    return this.gpu.finished().then(() => {
      record.finishedAt = performance.now();
      return record;
    });
  }

  /** Frames with an id above `afterId`, oldest first. */
  since(afterId = 0): FrameRecord[] {
    return this.records.filter((record) => record.id > afterId).map((record) => ({ ...record, panes: [...record.panes] }));
  }

  get lastId(): number {
    return this.nextId - 1;
  }
}
