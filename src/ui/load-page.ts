import type { SeriesSummary } from '../dicom/series-types';
import type { LoadStateView } from './load-state';

/** What a load of one series (a volume, or images in 2D) tells the page around it. */
export interface LoadPage {
  readonly status: LoadStateView;
  /** The series' source, when it reads files while a series is built, hears that this load begins. */
  loadBegins(series: SeriesSummary): void;
  /** Marks the series in the list as the one shown. */
  markActive(seriesId: string): void;
}

/**
 * How long a load may run before its busy message appears: most loads show their first image
 * sooner, and leave the page still until then (see LoadStateView.set).
 */
export const QUIET_LOAD_MS = 400;

export function seriesLabel(series: SeriesSummary): string {
  return `series ${series.seriesNumber ?? ''} ${series.description}`.replace(/\s+/g, ' ').trim();
}

/** The status says what could not be done (`what`) and why. */
export function showFailure(status: LoadStateView, error: unknown, what = 'Could not load'): void {
  const message = error instanceof Error ? error.message : String(error);
  status.set('error', `${what}: ${message}`);
}
