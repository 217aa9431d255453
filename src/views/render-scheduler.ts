import type { GpuCompletion } from './gpu-completion';

const STREAMING_FRAME_MS = 500;

/** What a frame does, in this order: uploads every frame, a draw only on frames that draw. */
export interface FrameSteps {
  /** Runs on every animation frame, drawn or not: this frame's share of texture uploads. */
  upload(): void;
  /** Whether uploads are still pending: frames keep coming until they are all sent. */
  uploading(): boolean;
  /** Draws the frame. */
  draw(): void;
}

/**
 * When the viewer draws: on the next animation frame for anything a user or caller waits on, a few
 * times a second for slices streaming in, and never more than once per frame.
 */
export class RenderScheduler {
  private renderQueued = false;
  /** A frame was asked for by something other than newly streamed slices: draw it without delay. */
  private promptRender = false;
  /** Between beginVolume and finishVolume: slices are still arriving. */
  private streaming = false;
  private laterTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRender = 0;
  private afterRender: Array<() => void> = [];
  /** Changes of the page waiting to share the next drawn frame, see `withNextFrame`. */
  private frameChanges: Array<() => void> = [];

  constructor(
    private readonly steps: FrameSteps,
    private readonly gpu: GpuCompletion,
  ) {}

  /** While a volume streams in, frames that only bring new slices are spaced STREAMING_FRAME_MS apart. */
  setStreaming(streaming: boolean): void {
    this.streaming = streaming;
  }

  /**
   * Draws on the next frame. A `dataOnly` request (new slices of a streaming volume) may wait up to
   * STREAMING_FRAME_MS after the last frame; anything else (user input, layout, a caller waiting on
   * `rendered`) draws on the next frame.
   */
  request(dataOnly = false): void {
    if (!dataOnly) this.promptRender = true;
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => this.frame());
  }

  /** Resolves once the GPU has finished drawing the next frame (not merely been sent it). */
  rendered(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.afterRender.push(resolve);
      this.request();
    }).then(() => this.gpu.finished());
  }

  /**
   * Makes `change` (a change of the page outside the viewer: status, lists) right before the next
   * frame the viewer draws, at most STREAMING_FRAME_MS away while a volume streams in. With a software
   * GPU each frame of the page reads the WebGL canvas back (40–60 ms of CPU, measured); a change that
   * shares a frame the viewer draws anyway costs none of that.
   */
  withNextFrame(change: () => void): void {
    this.frameChanges.push(change);
    this.request(true);
  }

  private frame(): void {
    this.renderQueued = false;
    this.steps.upload();
    // While a volume streams in, drawing per chunk would take the CPU the readers need (SwiftShader
    // draws on the CPU, and each frame of the canvas is read back for compositing): new slices are
    // drawn a few times a second; uploads still go on every frame.
    const sinceLast = performance.now() - this.lastRender;
    if (this.streaming && !this.promptRender && this.afterRender.length === 0 && sinceLast < STREAMING_FRAME_MS) {
      if (this.steps.uploading()) this.request(true);
      else this.renderLater(STREAMING_FRAME_MS - sinceLast);
      return;
    }
    this.promptRender = false;
    const changes = this.frameChanges;
    this.frameChanges = [];
    for (const change of changes) change();
    clearTimeout(this.laterTimer);
    this.laterTimer = undefined;
    this.lastRender = performance.now();
    this.steps.draw();
    const waiting = this.afterRender;
    this.afterRender = [];
    for (const resolve of waiting) resolve();
    if (this.steps.uploading()) this.request(true);
  }

  private renderLater(delayMs: number): void {
    if (this.laterTimer !== undefined) return;
    this.laterTimer = setTimeout(() => {
      this.laterTimer = undefined;
      this.request(true);
    }, delayMs);
  }
}
