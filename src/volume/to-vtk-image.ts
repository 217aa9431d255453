import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { CtVolume } from './ct-volume';

/** vtkImageData sharing the volume's voxels (no copy); vtk.js direction holds the index axes as columns. */
export function toVtkImageData(volume: CtVolume): vtkImageData {
  const image = vtkImageData.newInstance();
  image.setDimensions(volume.dimensions);
  image.setSpacing(volume.spacing);
  image.setOrigin(volume.origin);
  image.setDirection([...volume.axes[0], ...volume.axes[1], ...volume.axes[2]]);
  image.getPointData().setScalars(
    vtkDataArray.newInstance({ name: 'HU', numberOfComponents: 1, values: volume.scalars }),
  );
  return image;
}
