/** A series' thumbnail as the worker returns it: its RGBA pixels, transferred for the page to put on a canvas. */
export interface SeriesThumbnail {
  /** The file (or frame) it shows: the series' middle image. */
  file: string;
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** The window it was drawn with (null: colour, shown as stored). */
  window: { center: number; width: number; fromTags: boolean } | null;
  inverted: boolean;
  /** The name of the worker that decoded and drew it (never the page). */
  decodedIn: string;
}
