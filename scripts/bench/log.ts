/** The benchmark's progress lines. */
export function log(message: string): void {
  console.log(`[bench] ${message}`);
}
