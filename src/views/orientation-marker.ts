import vtkAnnotatedCubeActor from '@kitware/vtk.js/Rendering/Core/AnnotatedCubeActor';
import vtkOrientationMarkerWidget from '@kitware/vtk.js/Interaction/Widgets/OrientationMarkerWidget';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';

/** Patient-orientation cube in the 3D pane's corner (LPS: +x Left, +y Posterior, +z Superior). */
export function createOrientationMarker(interactor: vtkRenderWindowInteractor, renderer: vtkRenderer) {
  const cube = vtkAnnotatedCubeActor.newInstance();
  cube.setDefaultStyle({
    fontStyle: 'bold',
    fontFamily: 'Arial',
    fontColor: 'white',
    faceColor: '#335',
    edgeThickness: 0.05,
    edgeColor: 'white',
  });
  cube.setXPlusFaceProperty({ text: 'L' });
  cube.setXMinusFaceProperty({ text: 'R' });
  cube.setYPlusFaceProperty({ text: 'P' });
  cube.setYMinusFaceProperty({ text: 'A' });
  cube.setZPlusFaceProperty({ text: 'S' });
  cube.setZMinusFaceProperty({ text: 'I' });
  const widget = vtkOrientationMarkerWidget.newInstance({ actor: cube, interactor, parentRenderer: renderer });
  widget.setViewportCorner(vtkOrientationMarkerWidget.Corners.BOTTOM_RIGHT);
  widget.setViewportSize(0.18);
  widget.setMinPixelSize(60);
  widget.setMaxPixelSize(140);
  widget.setEnabled(true);
  return widget;
}
