import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction';
import vtkImageProperty from '@kitware/vtk.js/Rendering/Core/ImageProperty';
import vtkImageResliceMapper from '@kitware/vtk.js/Rendering/Core/ImageResliceMapper';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice';
import type vtkPlane from '@kitware/vtk.js/Common/DataModel/Plane';
import vtkVolume from '@kitware/vtk.js/Rendering/Core/Volume';
import vtkVolumeMapper from '@kitware/vtk.js/Rendering/Core/VolumeMapper';
import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type { LabelMask } from '../volume/label-mask';

const SLICE_OPACITY = 0.5;

/**
 * Draws a label mask over the three slice views (its own reslice actors, cut by the same planes as the
 * grey image) and as a coloured volume in 3D. Background voxels are fully transparent.
 */
export class LabelLayer {
  private readonly image = vtkImageData.newInstance();
  private readonly property = vtkImageProperty.newInstance();
  private readonly colour = vtkColorTransferFunction.newInstance();
  private readonly opacity = vtkPiecewiseFunction.newInstance();
  private readonly slices: Array<{ renderer: vtkRenderer; actor: vtkImageSlice }> = [];
  private readonly volume = vtkVolume.newInstance();
  private readonly volumeMapper = vtkVolumeMapper.newInstance();

  constructor(
    sliceViews: Array<{ renderer: vtkRenderer; plane: vtkPlane }>,
    private readonly volumeRenderer: vtkRenderer,
  ) {
    this.property.setRGBTransferFunction(0, this.colour);
    this.property.setPiecewiseFunction(0, this.opacity);
    this.property.setUseLookupTableScalarRange(true);
    this.property.setInterpolationTypeToNearest();
    for (const { renderer, plane } of sliceViews) {
      const mapper = vtkImageResliceMapper.newInstance();
      mapper.setSlicePlane(plane);
      mapper.setInputData(this.image);
      const actor = vtkImageSlice.newInstance();
      actor.setMapper(mapper);
      actor.setProperty(this.property);
      this.slices.push({ renderer, actor });
    }
    this.volumeMapper.setInputData(this.image);
    this.volume.setMapper(this.volumeMapper);
    const volumeProperty = this.volume.getProperty();
    volumeProperty.setRGBTransferFunction(0, this.colour);
    volumeProperty.setScalarOpacity(0, this.opacity);
    volumeProperty.setInterpolationTypeToNearest();
    volumeProperty.setShade(true);
  }

  set(mask: LabelMask | null): void {
    for (const { renderer, actor } of this.slices) renderer.removeActor(actor);
    this.volumeRenderer.removeVolume(this.volume);
    if (!mask) return;
    this.image.setDimensions(mask.dimensions);
    this.image.setSpacing(mask.spacing);
    this.image.setOrigin(mask.origin);
    this.image.setDirection([...mask.axes[0], ...mask.axes[1], ...mask.axes[2]]);
    const labels = vtkDataArray.newInstance({ name: mask.name, numberOfComponents: 1, values: mask.scalars });
    this.image.getPointData().setScalars(labels);
    this.image.modified();
    const [r, g, b] = mask.colour;
    this.colour.removeAllPoints();
    this.colour.addRGBPoint(0, 0, 0, 0);
    this.colour.addRGBPoint(1, r, g, b);
    this.colour.addRGBPoint(255, r, g, b);
    this.opacity.removeAllPoints();
    this.opacity.addPoint(0, 0);
    this.opacity.addPoint(0.5, 0);
    this.opacity.addPoint(1, SLICE_OPACITY);
    this.opacity.addPoint(255, SLICE_OPACITY);
    this.volumeMapper.setSampleDistance(0.7 * Math.min(...mask.spacing));
    for (const { renderer, actor } of this.slices) renderer.addActor(actor);
    this.volumeRenderer.addVolume(this.volume);
  }
}
