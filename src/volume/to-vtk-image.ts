import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import { type CtVolume, indexToWorld } from './ct-volume';

/** vtkImageData sharing the volume's voxels (no copy); vtk.js direction holds the index axes as columns. */
export function toVtkImageData(volume: CtVolume): vtkImageData {
  return imageOf(volume, volume.dimensions, volume.origin, volume.scalars);
}

/**
 * Slices [start, start + count) of the volume as an image of their own (a copy, placed where they
 * lie): what the views can draw while the whole volume's texture is still being prepared.
 */
export function toVtkSlab(volume: CtVolume, start: number, count: number): vtkImageData {
  const [nx, ny] = volume.dimensions;
  const plane = nx * ny;
  const scalars = volume.scalars.slice(start * plane, (start + count) * plane);
  return imageOf(volume, [nx, ny, count], indexToWorld(volume, 0, 0, start), scalars);
}

function imageOf(
  volume: CtVolume,
  dimensions: [number, number, number],
  origin: CtVolume['origin'],
  values: CtVolume['scalars'],
): vtkImageData {
  const image = vtkImageData.newInstance();
  image.setDimensions(dimensions);
  image.setSpacing(volume.spacing);
  image.setOrigin(origin);
  image.setDirection([...volume.axes[0], ...volume.axes[1], ...volume.axes[2]]);
  image.getPointData().setScalars(vtkDataArray.newInstance({ name: 'HU', numberOfComponents: 1, values }));
  return image;
}
