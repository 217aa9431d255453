/** The folders whose volumes the corpus's cases must equal, voxel for voxel. */
import type { PhantomOptions } from '../../src/phantom/phantom';
import type { ReferenceSeries } from './case-types';
import { EDITED, HEAD_SLICES, geHead, head, phantom } from './series-sources';

/** The cut philips-head, unedited. */
export const HEAD: ReferenceSeries = { id: 'head', build: async () => head() };

/** The cut philips-head without I150: its place a gap, as a missing slice. */
export const HEAD_WITHOUT_EDITED: ReferenceSeries = {
  id: `head-without-${EDITED}`,
  build: async () => head((file) => (file.name === EDITED ? null : file)),
};

/** The cut philips-head's first `count` slices. */
export const headFirst = (count: number): ReferenceSeries => ({
  id: `head-first-${count}`,
  build: async () => head((file) => (HEAD_SLICES.indexOf(file.name) < count ? file : null)),
});

export const GE_TILTED: ReferenceSeries = { id: 'ge-01-08', build: async () => geHead(1, 8) };
export const GE_TILTED_VARIABLE: ReferenceSeries = { id: 'ge-11-18', build: async () => geHead(11, 18) };

/** A phantom as generated (64×64×8 unless told otherwise), the ground truth of its edited copies. */
export const phantomReference = (id: string, options: PhantomOptions = {}): ReferenceSeries => ({
  id: `phantom-${id}`,
  build: async () => phantom(options),
});

export const PHANTOM = phantomReference('plain');
