import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type { GpuTextureLimits } from '../volume/display-downsample';

/** Browsers refuse single textures of 2 GiB and more (ANGLE: "allocation size is too large"). */
const MAX_TEXTURE_BYTES = 1024 ** 3;

/**
 * What the GPU can hold. Asking the context is a blocking round trip to the GPU process, too slow for
 * the middle of a load: it is asked once (at warm-up) and the answer kept.
 */
export class GpuLimits {
  private limits: GpuTextureLimits | null = null;

  constructor(private readonly glWindow: vtkOpenGLRenderWindow) {}

  read(): GpuTextureLimits {
    if (this.limits) return this.limits;
    const gl = (this.glWindow as unknown as { getContext(): WebGL2RenderingContext | null }).getContext();
    // int16 HU take 2 bytes on the GPU (norm16, else half floats: see StreamedVolumeTexture).
    const limits = { bytesPerVoxel: 2, max3dSize: 2048, maxBytes: MAX_TEXTURE_BYTES };
    // No context yet (nothing drawn so far): assume the common 3D size limit; ask again next time.
    if (!gl) return limits;
    this.limits = { ...limits, max3dSize: gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number };
    return this.limits;
  }
}
