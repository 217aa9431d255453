import type { Image } from 'itk-wasm';
import type { CtVolume } from './ct-volume';

/** itk-wasm Image of the volume (shares its voxels); ITK's direction is row-major with axes as columns. */
export function volumeToItkImage(volume: CtVolume): Image {
  const direction = new Float64Array(9);
  for (let axis = 0; axis < 3; axis++) {
    for (let row = 0; row < 3; row++) direction[row * 3 + axis] = volume.axes[axis]![row]!;
  }
  return {
    imageType: {
      dimension: 3,
      componentType: volume.scalars instanceof Int16Array ? 'int16' : 'float32',
      pixelType: 'Scalar',
      components: 1,
    },
    name: volume.description || volume.seriesInstanceUID,
    origin: [...volume.origin],
    spacing: [...volume.spacing],
    direction,
    size: [...volume.dimensions],
    data: volume.scalars,
    metadata: new Map(),
  };
}
