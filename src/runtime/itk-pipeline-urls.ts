/**
 * Absolute URLs of the itk-wasm pipeline files served from the app's own
 * origin by `scripts/vite-plugin-itk-pipelines.ts` (dev, build and preview).
 *
 * Usage (main thread or inside a web worker):
 *
 *   import { setPipelinesBaseUrl } from '@itk-wasm/dicom';
 *   setPipelinesBaseUrl(itkPipelinesBaseUrl('dicom'));
 *
 * The value must be absolute: itk-wasm `import()`s `${base}/<pipeline>.js`
 * from inside its pipeline web worker, whose own URL differs from the page's.
 */

/** Short names of the served packages (`@itk-wasm/<name>`). */
export type ItkPipelinePackage = 'dicom' | 'image-io' | 'downsample';

/** URL path segment below BASE_URL, must match ITK_URL_PREFIX in the plugin. */
const ITK_URL_PREFIX = 'itk';

/**
 * Absolute base URL (no trailing slash) of `@itk-wasm/<pkg>` pipelines, e.g.
 * `http://127.0.0.1:5173/itk/dicom`. Works on the main thread and in workers
 * (uses `self.location.origin` + `import.meta.env.BASE_URL`).
 */
export function itkPipelinesBaseUrl(pkg: ItkPipelinePackage): string {
  const origin = globalThis.self?.location?.origin;
  if (!origin || origin === 'null') {
    throw new Error('itkPipelinesBaseUrl: no self.location.origin (only usable in a browser page or worker)');
  }
  let base = import.meta.env.BASE_URL || '/';
  // A relative base ('./') cannot be resolved against a worker's location;
  // the plugin serves the pipelines at the origin root in that case.
  if (!base.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(base)) base = '/';
  if (!base.endsWith('/')) base += '/';
  return new URL(`${base}${ITK_URL_PREFIX}/${pkg}`, origin).href;
}
