import macro from '@kitware/vtk.js/macros';
import { extend as extendOpenGLResliceMapper } from '@kitware/vtk.js/Rendering/OpenGL/ImageResliceMapper';
import { registerOverride } from '@kitware/vtk.js/Rendering/OpenGL/ViewNodeFactory';

/**
 * vtk.js's slab loop (OpenGL ImageResliceMapper, getSlabSampleLoopLines) takes its k-th pair of
 * samples `numSlices` steps from the plane, but `numSlices` counts every sample taken on either side:
 * the pairs land at 1, 3, 5 … half-voxel steps and reach almost a whole slab thickness to each side
 * (a 10 mm slab gathered about 17 mm, sampled once per voxel and, on a voxel slice, always halfway
 * between two). Its distance starts one step ahead, too, so a slab whose half is a whole number of
 * steps never takes the samples on its faces. Put right: pair k lies k steps out, the last pair on the
 * faces (the loop's own face sample divides by the same k).
 */
export const SLAB_LOOP_FIXES: ReadonlyArray<{ shipped: string; fixed: string }> = [
  { shipped: 'float distTraveled = length(normalxspacing);', fixed: 'float distTraveled = 0.0;' },
  { shipped: '  float fnumSlices = float(numSlices);', fixed: '  float fnumSlices = floor(distTraveled / scaling + 0.5);' },
];

interface ShaderSources {
  Vertex: string;
  Fragment: string;
  Geometry: string;
}

interface ShaderPublicApi {
  replaceShaderValues(shaders: ShaderSources, renderer: unknown, actor: unknown): void;
}

/** The fragment shader with the slab loop put right; unchanged when it has no slab loop (a thin slice). */
export function fixSlabLoop(fragment: string): string {
  if (!fragment.includes(SLAB_LOOP_FIXES[1]!.shipped)) return fragment;
  return SLAB_LOOP_FIXES.reduce((source, { shipped, fixed }) => source.replace(shipped, fixed), fragment);
}

function extend(publicAPI: object, model: { classHierarchy?: string[] }, initialValues: object = {}): void {
  extendOpenGLResliceMapper(publicAPI, model, initialValues);
  model.classHierarchy?.push('vtkOpenGLSlabFixedResliceMapper');
  const api = publicAPI as ShaderPublicApi;
  const replaceShaderValues = api.replaceShaderValues;
  api.replaceShaderValues = (shaders, renderer, actor) => {
    replaceShaderValues(shaders, renderer, actor);
    shaders.Fragment = fixSlabLoop(shaders.Fragment);
  };
}

const newInstance = macro.newInstance(extend, 'vtkOpenGLSlabFixedResliceMapper') as (initialValues?: object) => unknown;

/** Every reslice mapper drawn from now on gets the fixed slab loop (thin slices have none). */
registerOverride('vtkImageResliceMapper', newInstance);
