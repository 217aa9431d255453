/** Every failure the user sees names the file (when there is one) and says what went wrong in words. */
export class DicomError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'DicomError';
  }
}

/**
 * itk-wasm rejects with a bare number (a C++ exception pointer) or an Error whose message is the
 * pipeline's stderr; turn either into words the user can act on.
 */
export function describeItkFailure(failure: unknown): string {
  if (typeof failure === 'number') {
    return `the DICOM reader (itk-wasm) aborted with an internal exception (code ${failure}); a file is probably not a readable DICOM image`;
  }
  if (failure instanceof Error) {
    const text = failure.message.trim();
    return text.length > 0
      ? `the DICOM reader (itk-wasm) failed: ${text}`
      : 'the DICOM reader (itk-wasm) failed without a message';
  }
  return `the DICOM reader (itk-wasm) failed: ${String(failure)}`;
}
