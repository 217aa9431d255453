import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { SliceView } from './slice-view';

/** Edge of the stand-in volume, in voxels: big enough to be sampled, small enough to cost nothing. */
const EDGE = 8;

/** The stand-in's values span the usual CT range. */
export const STAND_IN_RANGE: [number, number] = [-1024, 3071];

/**
 * A tiny int16 volume over the CT range, so its texture gets the format a CT volume gets (the GPU
 * programs depend on the format and component count, not on the size).
 */
export function standInImage(): vtkImageData {
  const values = new Int16Array(EDGE ** 3);
  for (let i = 0; i < values.length; i++) values[i] = -1024 + ((i * 97) % 4096);
  const image = vtkImageData.newInstance();
  image.setDimensions([EDGE, EDGE, EDGE]);
  image.getPointData().setScalars(vtkDataArray.newInstance({ name: 'HU', numberOfComponents: 1, values }));
  return image;
}

/**
 * Builds the slice panes' GPU programs before the first volume. WebGL reports a compile by blocking
 * the main thread until the GPU process has finished it (hundreds of ms with SwiftShader), which would
 * otherwise land in the middle of a load. Each pane draws a stand-in with its own mapper once; the
 * mapper keeps the program for the volume that replaces it. (The 3D program depends on the volume's
 * size, so it is built with the first 3D frame, after the slices are complete.)
 */
export async function warmUpSlicePrograms(views: SliceView[], image: vtkImageData, drawn: () => Promise<void>): Promise<void> {
  const undo = views.map((view) => view.showStandIn(image));
  try {
    await drawn();
  } finally {
    for (const remove of undo) remove();
  }
}
