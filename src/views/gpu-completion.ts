import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';

/**
 * Knows when the GPU has executed the commands issued so far, by polling a fence once per frame:
 * no blocking readback on the main thread, and load timings that mean "on screen", not "sent".
 */
export class GpuCompletion {
  constructor(private readonly glWindow: vtkOpenGLRenderWindow) {}

  finished(): Promise<void> {
    const gl = (this.glWindow as unknown as { getContext(): WebGL2RenderingContext | null }).getContext();
    const fence = gl?.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!gl || !fence) return Promise.resolve();
    gl.flush();
    return new Promise((resolve) => {
      const poll = () => {
        const status = gl.clientWaitSync(fence, 0, 0);
        if (status === gl.ALREADY_SIGNALED || status === gl.CONDITION_SATISFIED || status === gl.WAIT_FAILED || gl.isContextLost()) {
          gl.deleteSync(fence);
          resolve();
        } else {
          requestAnimationFrame(poll);
        }
      };
      requestAnimationFrame(poll);
    });
  }
}
