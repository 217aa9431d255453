/** dicom-parser throws strings, `{ exception }` objects or Errors; this is the words of any of them. */
export function parserMessage(error: unknown): string {
  if (typeof error === 'string') return error.replace(/^dicomParser[.:]\w*:\s*/, '');
  if (error && typeof error === 'object' && 'exception' in error) return String((error as { exception: unknown }).exception);
  return error instanceof Error ? error.message : String(error);
}
