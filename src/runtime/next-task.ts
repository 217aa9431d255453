/**
 * Resolves in a later task: work after it no longer lengthens the current one (a long task blocks
 * input and frames; splitting work at natural seams keeps each task short).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
