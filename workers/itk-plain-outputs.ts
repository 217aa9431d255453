/**
 * Imported before itk-wasm: hides the SharedArrayBuffer constructor from it in this worker.
 *
 * itk-wasm copies every pipeline output out of the wasm heap into a SharedArrayBuffer whenever the
 * constructor exists (it decides once, when its module loads). Only the collector can free a shared
 * buffer, so under cross-origin isolation each chunk left its decoded slices (8 MB for 8 slices of
 * 512×512 as int32) for a later collection, and they piled up into the load's peak memory. Plain
 * ArrayBuffers are freed as soon as the chunk is copied into the stack (releaseNow).
 *
 * This worker never creates a shared buffer: the stack it writes into comes from the page.
 */
Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
