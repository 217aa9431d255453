import type vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow';
import type vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor';
import vtkInteractorStyleTrackballCamera from '@kitware/vtk.js/Interaction/Style/InteractorStyleTrackballCamera';
import { createOrientationMarker } from './orientation-marker';
import type { VolumeView } from './volume-view';

/** What the 3D pane's camera interaction asks of the viewer. */
export interface CameraInteractionHost {
  /** The 3D pane's picture changed. */
  request3d(): void;
  /** The camera stopped moving: the next 3D frame is the full-quality one. */
  cameraRested(): void;
}

/** vtk.js functions that exist (macro-generated) but are missing from its typings. */
type UntypedInteractor = { setEnableRender(enabled: boolean): void; animationFrameRateUpdateEvent(): void };

/**
 * The trackball camera of the 3D pane and its orientation cube. The interactor would draw the whole
 * render window on every camera move, slice panes included: instead its camera and animation ask
 * the viewer for frames of the 3D pane. While the camera moves (the interactor animates) the volume
 * mapper casts coarser rays into a smaller image whose size follows the measured cost of the last
 * frames (adaptTo); the frame after the animation ends is full quality.
 */
export function bindCameraInteraction(
  interactor: vtkRenderWindowInteractor,
  glWindow: vtkOpenGLRenderWindow,
  element: HTMLElement,
  volumeView: VolumeView,
  host: CameraInteractionHost,
) {
  interactor.setView(glWindow);
  interactor.initialize();
  interactor.bindEvents(element);
  interactor.setInteractorStyle(vtkInteractorStyleTrackballCamera.newInstance());
  const untyped = interactor as unknown as UntypedInteractor;
  untyped.setEnableRender(false);
  interactor.onAnimation(() => host.request3d());
  interactor.onEndAnimation(() => host.cameraRested());
  volumeView.renderer.getActiveCamera().onModified(() => host.request3d());
  const marker = createOrientationMarker(interactor, volumeView.renderer);
  const previewToken = { preview: 'first 3D image' };
  return {
    markerRenderer: marker.getRenderer(),
    /**
     * Draws the next 3D frames as the camera-move frames are drawn (a reduced image), with full-length rays
     * so the volume program stays the one the full-quality frame uses; the returned function ends it, and
     * the full-quality frame follows as after a camera move. A new volume's first 3D image thus comes in a
     * fraction of a full ray cast's time.
     */
    beginPreview(): () => void {
      volumeView.setPreviewRays(true);
      interactor.requestAnimation(previewToken);
      return () => {
        volumeView.setPreviewRays(false);
        interactor.cancelAnimation(previewToken, true);
      };
    },
    /** An interactive 3D frame took `ms` on the GPU: the next one's image is sized to keep up. */
    adaptTo(ms: number): void {
      // vtk.js takes a new image scale when its animation frame rate updates: that event, now.
      if (interactor.isAnimating() && volumeView.adaptInteractiveCost(ms)) untyped.animationFrameRateUpdateEvent();
    },
  };
}
