import type vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import HalfFloat from '@kitware/vtk.js/Common/Core/HalfFloat';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import vtkOpenGLTexture from '@kitware/vtk.js/Rendering/OpenGL/Texture';
import type { HuArray } from '../volume/ct-volume';

/** Slices per texSubImage3D call, sized so one call converts and sends about 1 M voxels. */
const VOXELS_PER_SLAB = 1024 * 1024;
/** Main-thread time spent uploading per frame; the rest of a 50 ms task budget is left to rendering. */
const UPLOAD_BUDGET_MS = 24;

interface GlTexture {
  activate(): void;
  deactivate(): void;
  getOpenGLDataType(): number;
  getFormat(dataType: string, components: number): number;
}

/**
 * The volume's 3D texture, allocated once without data and filled slab by slab with texSubImage3D
 * under a per-frame time budget. vtk.js's own path converts and uploads the whole volume in one task
 * (and, for 16-bit data on GPUs without norm16, reconverts all of it on every partial update); here
 * slices appear as they land and no task grows with the volume. The mappers find this texture in the
 * render window's resource cache (keyed by the scalars and their modification time) and reuse it.
 */
export class StreamedVolumeTexture {
  private pending: Array<[number, number]> = [];
  private texture: (vtkOpenGLTexture & GlTexture) | null = null;
  private scalars: HuArray | null = null;
  private dims: [number, number, number] = [0, 0, 0];
  private dataType = '';
  private waiting: Array<() => void> = [];

  constructor(private readonly glWindow: vtkOpenGLRenderWindow) {}

  /** Allocates GPU storage for the image and registers it as the texture of its scalars. */
  begin(image: vtkImageData, range: [number, number]): void {
    const scalars = image.getPointData().getScalars() as vtkDataArray;
    // A fixed range keeps vtk.js from scanning the voxels; the format decision reads only the range.
    scalars.setRange({ min: range[0], max: range[1] }, 0);
    this.scalars = scalars.getData() as HuArray;
    this.dims = image.getDimensions() as [number, number, number];
    this.dataType = scalars.getDataType();
    // Both calls exist at run time (the mappers use them) but are missing from vtk.js's typings.
    const context = (this.glWindow as unknown as { getContext(): WebGL2RenderingContext | null }).getContext();
    const texture = vtkOpenGLTexture.newInstance() as vtkOpenGLTexture & GlTexture;
    texture.setOpenGLRenderWindow(this.glWindow);
    (texture as unknown as { setOglNorm16Ext(ext: unknown): void }).setOglNorm16Ext(context?.getExtension('EXT_texture_norm16') ?? null);
    texture.resetFormatAndType();
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
    this.pending = [];
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

  /** Uploads queued slabs until the frame's budget is spent. */
  uploadSome(): void {
    const texture = this.texture;
    const context = (this.glWindow as unknown as { getContext(): WebGL2RenderingContext | null }).getContext();
    if (!texture || !context || !this.scalars) return;
    const started = performance.now();
    const [nx, ny] = this.dims;
    const type = texture.getOpenGLDataType();
    const format = texture.getFormat(this.dataType, 1);
    texture.activate();
    context.pixelStorei(context.UNPACK_ALIGNMENT, 1);
    while (this.pending.length > 0 && performance.now() - started < UPLOAD_BUDGET_MS) {
      const [k0, k1] = this.pending.shift()!;
      const source = this.scalars.subarray(k0 * nx * ny, k1 * nx * ny);
      context.texSubImage3D(context.TEXTURE_3D, 0, 0, 0, k0, nx, ny, k1 - k0, format, type, asTextureData(source, type, context));
    }
    texture.deactivate();
    if (this.pending.length === 0) {
      const waiting = this.waiting;
      this.waiting = [];
      for (const resolve of waiting) resolve();
    }
  }

  whenIdle(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** The slab as the texture's GL type wants it: as is (norm16 or float data), or converted. */
function asTextureData(values: HuArray, type: number, gl: WebGL2RenderingContext): ArrayBufferView {
  if (type === gl.FLOAT) return values instanceof Float32Array ? values : Float32Array.from(values);
  if (type === gl.HALF_FLOAT) {
    const half = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) half[i] = HalfFloat.toHalf(values[i]!);
    return half;
  }
  return values;
}
