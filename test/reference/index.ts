export { connectedThresholdReference } from './connected-threshold';
export { gaussianKernel, gaussianSmoothingReference } from './gaussian-smoothing';
export { medianFilterReference } from './median-filter';
export { isotropicSize, resampleIsotropicReference } from './resample-isotropic';
export type { ScalarArray, Size3, Vec3 } from './volume';
