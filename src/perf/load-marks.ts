/**
 * User-timing marks of one load, read by `npm run bench` (and visible in DevTools' performance panel).
 * Each new load clears the previous load's marks so measures never mix two loads.
 */
export const LOAD_MARKS = {
  /** Files handed over by the user (input, drop or sample). */
  start: 'ct:load-start',
  indexed: 'ct:index-done',
  /** First slice pixels rendered. */
  firstSlice: 'ct:first-slice',
  /** Whole volume in the vtkImageData and every view rendered. */
  fullLoad: 'ct:full-load',
  first3dFrame: 'ct:first-3d-frame',
} as const;

export function markLoadStart(): void {
  for (const name of Object.values(LOAD_MARKS)) performance.clearMarks(name);
  performance.mark(LOAD_MARKS.start);
}

export function markLoad(name: Exclude<keyof typeof LOAD_MARKS, 'start'>): void {
  if (performance.getEntriesByName(LOAD_MARKS[name], 'mark').length === 0) performance.mark(LOAD_MARKS[name]);
}
