/**
 * The bad-input corpus's vocabulary: a case is a folder's files built in memory and the outcome the
 * CLI and the app must both reach with them. One table (cases.ts) feeds both runners.
 */

/** One file of a generated folder. */
export interface CaseFile {
  name: string;
  bytes: Uint8Array;
}

export type CaseFiles = CaseFile[];

/** A folder whose volume, built in Node by the library itself, is what a case must show voxel for voxel. */
export interface ReferenceSeries {
  /** Names the folder, so that cases sharing a reference build it once. */
  id: string;
  build(): Promise<CaseFiles>;
  /** The series to build when the folder holds several volumes (number or UID). */
  series?: string;
}

/** Names as the user must see them: the CLI JSON has them verbatim, the app's series list as text. */
export interface NamesShown {
  /** As listed: carets between name components become spaces. */
  patientName: string;
  description: string;
}

export type Expectation =
  /** Builds, equal to the reference, nothing left out or skipped. */
  | { outcome: 'loads'; reference: ReferenceSeries; names?: NamesShown }
  /** Builds (equal to the reference when given) and says `warning` in words. */
  | { outcome: 'loads-with-warning'; warning: RegExp; reference?: ReferenceSeries }
  /** `file` is listed as "file: reason"; the rest, when there is a reference, builds equal to it. */
  | { outcome: 'skipped'; file: string; reason: RegExp; reference?: ReferenceSeries }
  /** Nothing is built; the words match `message`, which names the file. */
  | { outcome: 'refused'; message: RegExp }
  /** Not a volume (the words say why, matching `reason`): the app shows its images in 2D, the CLI lists it so. */
  | { outcome: 'opens-2d'; reason: RegExp };

export interface CorpusCase {
  id: string;
  description: string;
  build(): Promise<CaseFiles>;
  expect: Expectation;
  /** The series to build when the folder holds several volumes (number, as the app's list shows it). */
  series?: string;
}

/** What a runner saw: the CLI (series JSON, convert) or the app (status, series list, shown volume). */
export interface Observed {
  /** The built volume's grid and voxel checksum; null when nothing was built. */
  volume: { dimensions: number[]; checksum: string } | null;
  /** Why nothing was built, in the words the user got; null when a volume was built. */
  failure: string | null;
  /** Every word the user was shown: warnings, skipped files with reasons, series reasons, errors. */
  text: string;
  /** The built series' patient label and description as shown; null when there is none. */
  names: { patientLabel: string; description: string } | null;
  /** Elements made from a tag's text (markup that became markup); 0 when text stayed text. */
  markupElements: number;
  /** Whether the app shows images in its 2D pane; null for the CLI, which has no view. */
  shown2d: boolean | null;
}
