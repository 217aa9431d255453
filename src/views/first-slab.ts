import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type { CtVolume } from '../volume/ct-volume';
import { toVtkSlab } from '../volume/to-vtk-image';
import type { GpuCompletion } from './gpu-completion';
import type { SliceView } from './slice-view';
import { StreamedVolumeTexture } from './streamed-texture';

/**
 * The first few slices of a streamed volume, drawn from a texture of their own, because the GPU
 * clears a new volume texture on its first use (WebGL never shows stale memory): about 2.5 ms per MB
 * with SwiftShader, 170 ms for 512×512×140. The volume texture is filled only after the frame with
 * those slices, so that clear runs while the readers work, not before the first image.
 */
export class FirstSlab {
  /** The first slices' own small texture, filled the same way as the volume's. */
  private readonly slabTexture: StreamedVolumeTexture;
  /**
   * The first slab's way to the screen: waiting for it, drawing it from its own texture, settling
   * (its frame sent, not yet executed by the GPU), drawn (the volume texture may take over).
   */
  private slab: 'none' | 'waiting' | 'drawing' | 'settling' | 'drawn' = 'none';
  /** The streamed volume's image, and its GPU-sized copy (see Viewer.beginVolume). */
  private fullImage: vtkImageData | null = null;
  private gpuVolume: CtVolume | null = null;

  constructor(
    glWindow: vtkOpenGLRenderWindow,
    private readonly volumeTexture: StreamedVolumeTexture,
    private readonly sliceViews: readonly SliceView[],
    private readonly gpu: GpuCompletion,
    private readonly requestRender: (dataOnly: boolean) => void,
  ) {
    this.slabTexture = new StreamedVolumeTexture(glWindow);
  }

  /** A volume starts streaming in: `fullImage` is its image, `gpuVolume` the voxels it is filled from. */
  expect(fullImage: vtkImageData, gpuVolume: CtVolume): void {
    this.fullImage = fullImage;
    this.gpuVolume = gpuVolume;
    this.slab = 'waiting';
  }

  /** The first slices handed over: drawn from a slab of their own if they are few (a quarter of the volume at most). */
  slicesLoaded(start: number, count: number): void {
    if (this.slab === 'waiting' && this.gpuVolume && count * 4 <= this.gpuVolume.dimensions[2]) {
      const slab = toVtkSlab(this.gpuVolume, start, count);
      this.slabTexture.begin(slab, this.gpuVolume.huRange);
      this.slabTexture.upload(0, count);
      for (const view of this.sliceViews) view.drawImage(slab);
      this.slab = 'drawing';
    } else if (this.slab === 'waiting') this.slab = 'none';
  }

  /** The slice panes draw the slab, not yet the volume texture. */
  get drawing(): boolean {
    return this.slab === 'drawing';
  }

  /**
   * This frame's uploads: to the slab's texture while it is drawn, none while its frame settles (the
   * volume texture's clear must not overtake it), else to the volume's; then hands the panes over to
   * the volume texture once the slab is on screen.
   */
  uploadSome(): void {
    if (this.slab === 'drawing') this.slabTexture.uploadSome();
    else if (this.slab !== 'settling') this.volumeTexture.uploadSome();
    if (this.slab === 'drawn' && this.fullImage) {
      // The slab's slices went to the volume texture before anything else: draw from it now.
      for (const view of this.sliceViews) view.drawImage(this.fullImage);
      this.slabTexture.release();
      this.slab = 'none';
    }
  }

  /** A frame was sent to the GPU; if it drew the slab, the volume texture waits until it is executed. */
  frameSent(): void {
    if (this.slab !== 'drawing') return;
    // The volume texture is allocated (and cleared by the GPU: 0.2 s for 512×512×140, 0.75 s for
    // 256×256×2000 with SwiftShader) only once this frame is executed: sent right behind it, the
    // clear could run before the compositor's read-back of the frame and hold the first image back.
    this.slab = 'settling';
    void this.gpu.finished().then(() => {
      if (this.slab !== 'settling') return;
      this.slab = 'drawn';
      this.requestRender(true);
    });
  }
}
