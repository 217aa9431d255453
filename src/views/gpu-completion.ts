import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';

/** Polls often while a frame is young (most finish within this long), then at frame rate. */
const EAGER_POLL_MS = 200;
const EAGER_INTERVAL_MS = 2;
const LATER_INTERVAL_MS = 16;

/**
 * Knows when the GPU has executed the commands issued so far, by polling a fence: no blocking
 * readback on the main thread, and load timings that mean "on screen", not "sent". A fence's status
 * only changes between tasks, so each poll is a task of its own; a poll once per animation frame
 * would report a finished frame up to 16 ms late.
 */
export class GpuCompletion {
  constructor(private readonly glWindow: vtkOpenGLRenderWindow) {}

  finished(): Promise<void> {
    const gl = (this.glWindow as unknown as { getContext(): WebGL2RenderingContext | null }).getContext();
    const fence = gl?.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!gl || !fence) return Promise.resolve();
    gl.flush();
    const issued = performance.now();
    return new Promise((resolve) => {
      const poll = () => {
        const status = gl.clientWaitSync(fence, 0, 0);
        if (
          status === gl.ALREADY_SIGNALED ||
          status === gl.CONDITION_SATISFIED ||
          status === gl.WAIT_FAILED ||
          gl.isContextLost()
        ) {
          gl.deleteSync(fence);
          resolve();
        } else {
          setTimeout(poll, performance.now() - issued < EAGER_POLL_MS ? EAGER_INTERVAL_MS : LATER_INTERVAL_MS);
        }
      };
      setTimeout(poll, EAGER_INTERVAL_MS);
    });
  }
}
