/** The parts of vtk.js's OpenGL reslice mapper and view-node factory used by src/views/slab-shader-fix.ts (shipped untyped). */
declare module '@kitware/vtk.js/Rendering/OpenGL/ImageResliceMapper' {
  export function extend(publicAPI: object, model: object, initialValues?: object): void;
}

declare module '@kitware/vtk.js/Rendering/OpenGL/ViewNodeFactory' {
  export function registerOverride(className: string, newInstance: (initialValues?: object) => unknown): void;
}
