/** runPipeline's outputs as the main thread gets them: plain numbers, text, and transferable pixel buffers. */
import type { Image } from 'itk-wasm';
import type { ImageOutput, PixelArray } from '../pipeline-worker-api';

/** The typed array of each itk-wasm component type. */
export const PIXEL_ARRAY_TYPES = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/** An output image as plain numbers plus a pixel array that owns a transferable buffer. */
export function prepareImage(name: string, image: Image, clock: { unshareMs: number; rangeMs: number }): ImageOutput {
  const source = image.data as PixelArray | null;
  const Ctor = PIXEL_ARRAY_TYPES[image.imageType.componentType as keyof typeof PIXEL_ARRAY_TYPES];
  if (!source || !Ctor) throw new Error(`output ${name}: unsupported pixel type ${image.imageType.componentType}`);
  // Under cross-origin isolation itk-wasm returns SharedArrayBuffers, which cannot be transferred.
  let data: PixelArray = source;
  const t0 = performance.now();
  if (!(source.buffer instanceof ArrayBuffer) || source.byteOffset !== 0 || source.byteLength !== source.buffer.byteLength) {
    data = new Ctor(source.length);
    data.set(source as never);
  }
  const t1 = performance.now();
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  clock.unshareMs += t1 - t0;
  clock.rangeMs += performance.now() - t1;
  const three = (values: ArrayLike<number>, fill: number): [number, number, number] => [
    values[0] ?? fill,
    values[1] ?? fill,
    values[2] ?? fill,
  ];
  const direction = Array.from(image.direction as ArrayLike<number>);
  return {
    kind: 'image',
    name,
    componentType: image.imageType.componentType,
    components: image.imageType.components,
    size: three(image.size, 1),
    spacing: three(image.spacing, 1),
    origin: three(image.origin, 0),
    direction: direction.length === 9 ? direction : [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
    range: data.length > 0 ? [min, max] : [0, 0],
  };
}

/** A non-image output as text for the panel. */
export function textOf(kind: string, data: unknown): string {
  if (kind === 'json') return JSON.stringify(data, null, 2);
  if (kind === 'binary-stream') return `(${(data as { data: Uint8Array }).data.length} bytes of binary output)`;
  return String((data as { data: string }).data ?? '');
}
