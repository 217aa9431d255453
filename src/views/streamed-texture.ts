import type vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import vtkOpenGLTexture from '@kitware/vtk.js/Rendering/OpenGL/Texture';
import type { HuArray } from '../volume/ct-volume';
import { isSharedBuffer } from '../runtime/shared-buffer';
import { halfFloatOfInt16 } from './half-float';

/** Slices per texSubImage3D call, sized so one call converts and sends about 1 M voxels. */
const VOXELS_PER_SLAB = 1024 * 1024;
/** Main-thread time spent converting and sending per frame; the rest of a frame is left to drawing. */
const UPLOAD_BUDGET_MS = 12;
/**
 * Bytes sent per frame, at most. Texture data goes through a transfer buffer shared with the GPU
 * process; a call that finds it full blocks the main thread until the GPU process has caught up.
 */
const UPLOAD_BYTES_PER_FRAME = 8 * 1024 * 1024;

interface GlTexture {
  activate(): void;
  deactivate(): void;
  getOpenGLDataType(): number;
  getFormat(dataType: string, components: number): number;
  setInternalFormat(format: number): void;
}

type Gl = WebGL2RenderingContext;

/**
 * The volume's 3D texture, allocated once without data and filled slab by slab with texSubImage3D.
 * vtk.js's own path converts and uploads the whole volume in one task (and, for 16-bit data on GPUs
 * without norm16, reconverts all of it on every partial update); here slices appear as they land and
 * no task grows with the volume. The mappers find this texture in the render window's resource cache
 * (keyed by the scalars and their modification time) and reuse it.
 *
 * Without norm16 textures, int16 HU go to the GPU as half floats (R16F) rather than vtk.js's 32-bit
 * floats: half the bytes to send and hold, and exact for |HU| ≤ 2048 (steps of 2 HU up to 4096 above
 * that, far below one grey level of any window). HU read-outs use the CPU copy, never the texture.
 *
 * Uploads are paced by the GPU: a frame sends nothing while the previous frame's uploads are still
 * being executed (a fence, polled without blocking), so the main thread never waits on the GPU process.
 */
export class StreamedVolumeTexture {
  private pending: Array<[number, number]> = [];
  private texture: (vtkOpenGLTexture & GlTexture) | null = null;
  private scalars: HuArray | null = null;
  private source: { scalars: vtkDataArray; range: [number, number] } | null = null;
  private dims: [number, number, number] = [0, 0, 0];
  private dataType = '';
  private uploadType = 0;
  private waiting: Array<() => void> = [];
  private inFlight: WebGLSync | null = null;
  /** Conversion memory for one slab, reused: converting must not leave a slab of garbage per call. */
  private staging = new ArrayBuffer(0);

  constructor(private readonly glWindow: vtkOpenGLRenderWindow) {}

  /**
   * Takes the image whose scalars this texture will hold. GPU storage is allocated by the first
   * `uploadSome`, not here: a new texture is cleared on the GPU before first use (WebGL never shows
   * stale memory), and a streamed volume's first frame is drawn from a small slab texture, so that
   * clear runs after the first image is on screen, not before.
   */
  begin(image: vtkImageData, range: [number, number]): void {
    this.release();
    const scalars = image.getPointData().getScalars() as vtkDataArray;
    // A fixed range keeps vtk.js from scanning the voxels; the format decision reads only the range.
    scalars.setRange({ min: range[0], max: range[1] }, 0);
    this.scalars = scalars.getData() as HuArray;
    this.source = { scalars, range };
    this.dims = image.getDimensions() as [number, number, number];
    this.dataType = scalars.getDataType();
    this.pending = [];
    this.inFlight = null;
  }

  /** GPU storage for the image, registered as the texture of its scalars (the mappers look it up). */
  private allocate(context: Gl): (vtkOpenGLTexture & GlTexture) | null {
    if (this.texture || !this.source) return this.texture;
    const { scalars, range } = this.source;
    const texture = vtkOpenGLTexture.newInstance() as vtkOpenGLTexture & GlTexture;
    texture.setOpenGLRenderWindow(this.glWindow);
    const norm16 = context.getExtension('EXT_texture_norm16');
    // Both calls exist at run time (the mappers use them) but are missing from vtk.js's typings.
    (texture as unknown as { setOglNorm16Ext(ext: unknown): void }).setOglNorm16Ext(norm16);
    texture.resetFormatAndType();
    const halfFloat = !norm16 && this.scalars instanceof Int16Array;
    // R16F accepts float uploads too, so vtk.js's allocation (typed FLOAT) stays valid.
    if (halfFloat) texture.setInternalFormat(context.R16F);
    const storageOnly = {
      getNumberOfComponents: () => 1,
      getDataType: () => this.dataType,
      getData: () => null,
      getRange: () => [range[0], range[1]],
    } as unknown as vtkDataArray;
    const [width, height, depth] = this.dims;
    texture.create3DFilterableFromDataArray({ width, height, depth, dataArray: storageOnly });
    this.glWindow.setGraphicsResourceForObject(scalars, texture, `${scalars.getMTime()}`);
    this.texture = texture;
    this.uploadType = halfFloat ? context.HALF_FLOAT : texture.getOpenGLDataType();
    return texture;
  }

  /** Queues slices [start, start + count) for upload. */
  upload(start: number, count: number): void {
    const [nx, ny] = this.dims;
    const slab = Math.max(1, Math.floor(VOXELS_PER_SLAB / (nx * ny)));
    for (let k = start; k < start + count; k += slab) this.pending.push([k, Math.min(start + count, k + slab)]);
  }

  get busy(): boolean {
    return this.pending.length > 0;
  }

  /** Uploads queued slabs until the frame's budget is spent, if the GPU has taken in the last ones. */
  uploadSome(): void {
    const context = this.context();
    if (!context || !this.scalars) return;
    const texture = this.allocate(context);
    if (!texture || this.pending.length === 0) return;
    if (!this.gpuCaughtUp(context)) return;
    const started = performance.now();
    const [nx, ny] = this.dims;
    const format = texture.getFormat(this.dataType, 1);
    texture.activate();
    context.pixelStorei(context.UNPACK_ALIGNMENT, 1);
    let sent = 0;
    while (this.pending.length > 0 && performance.now() - started < UPLOAD_BUDGET_MS && sent < UPLOAD_BYTES_PER_FRAME) {
      const [k0, k1] = this.pending.shift()!;
      const data = this.asTextureData(this.scalars.subarray(k0 * nx * ny, k1 * nx * ny), context);
      context.texSubImage3D(context.TEXTURE_3D, 0, 0, 0, k0, nx, ny, k1 - k0, format, this.uploadType, data);
      sent += data.byteLength;
    }
    texture.deactivate();
    this.inFlight = context.fenceSync(context.SYNC_GPU_COMMANDS_COMPLETE, 0);
    context.flush();
    if (this.pending.length === 0) {
      const waiting = this.waiting;
      this.waiting = [];
      for (const resolve of waiting) resolve();
    }
  }

  /** Frees the GPU storage (the texture object is dropped; `begin` makes a new one). */
  release(): void {
    this.texture?.releaseGraphicsResources(this.glWindow);
    this.texture = null;
    this.scalars = null;
    this.source = null;
    this.pending = [];
  }

  whenIdle(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private gpuCaughtUp(gl: Gl): boolean {
    if (!this.inFlight) return true;
    const status = gl.clientWaitSync(this.inFlight, 0, 0);
    if (status === gl.TIMEOUT_EXPIRED && !gl.isContextLost()) return false;
    gl.deleteSync(this.inFlight);
    this.inFlight = null;
    return true;
  }

  private context(): Gl | null {
    return (this.glWindow as unknown as { getContext(): Gl | null }).getContext();
  }

  /**
   * The slab as the texture's GL type wants it: half floats, or as is (norm16 or float data in
   * private memory), else copied into the staging buffer (workers may still write to shared memory).
   */
  private asTextureData(values: HuArray, gl: Gl): ArrayBufferView {
    if (this.uploadType === gl.HALF_FLOAT && values instanceof Int16Array) {
      const half = new Uint16Array(this.stagingBytes(values.length * 2), 0, values.length);
      const table = halfFloatOfInt16();
      for (let i = 0; i < values.length; i++) half[i] = table[values[i]! + 32768]!;
      return half;
    }
    const shared = isSharedBuffer(values.buffer);
    if (this.uploadType === gl.FLOAT && !(values instanceof Float32Array)) {
      const staging = new Float32Array(this.stagingBytes(values.length * 4), 0, values.length);
      staging.set(values);
      return staging;
    }
    if (!shared) return values;
    const copy =
      values instanceof Int16Array
        ? new Int16Array(this.stagingBytes(values.length * 2), 0, values.length)
        : new Float32Array(this.stagingBytes(values.length * 4), 0, values.length);
    copy.set(values);
    return copy;
  }

  private stagingBytes(bytes: number): ArrayBuffer {
    if (this.staging.byteLength < bytes) this.staging = new ArrayBuffer(bytes);
    return this.staging;
  }
}
