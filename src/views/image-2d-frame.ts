import type vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer';
import type vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow';
import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type { FrameLog } from './frame-log';

export interface Image2dFrameParts {
  renderWindow: vtkRenderWindow;
  glWindow: vtkOpenGLRenderWindow;
  /** The 2D pane's renderer: the only one drawn. */
  image: vtkRenderer;
  /** Every other renderer of the window (slice panes, 3D, orientation cube): none draws over the 2D pane. */
  others: readonly vtkRenderer[];
  frameLog: FrameLog;
}

/**
 * A frame of the 2D mode: the image pane alone. The 3D pane beside it draws nothing (its DOM pane is
 * opaque and says why), so neither a ray cast nor the slice panes' old pictures reach the canvas.
 */
export function drawImage2dFrame(parts: Image2dFrameParts): void {
  for (const renderer of parts.others) renderer.setDraw(false);
  parts.image.setDraw(true);
  (parts.renderWindow as unknown as { preRender(): void }).preRender(); // untyped in vtk.js
  parts.glWindow.traverseAllPasses();
  void parts.frameLog.record(['image2d'], null);
}
