/**
 * The bad-input corpus of issue 16: every case with the outcome the CLI (test/corpus.test.ts) and the
 * app (test/e2e/corpus.e2e.ts) must both reach. Built in memory from the phantom and from copies of
 * shared-data slices; nothing here is a committed copy of shared data.
 */
import type { CorpusCase } from './case-types';
import { ENCODING_CASES } from './encoding-cases';
import { FOLDER_CASES, IMAGE_CASES } from './folder-cases';
import { FEATURE_CASES } from './feature-cases';
import { SLICE_CASES } from './slice-cases';

export type { CaseFiles, CorpusCase, Expectation, Observed, ReferenceSeries } from './case-types';

export const CORPUS_CASES: CorpusCase[] = [...SLICE_CASES, ...FOLDER_CASES, ...ENCODING_CASES, ...IMAGE_CASES, ...FEATURE_CASES];

const ids = new Set(CORPUS_CASES.map((c) => c.id));
if (ids.size !== CORPUS_CASES.length) throw new Error('corpus case ids must be unique');

/** CORPUS_ONLY=id,id… runs only those cases (to look into one); the table's size check still counts all. */
const only = process.env.CORPUS_ONLY?.split(',').filter(Boolean);

/** The cases the runners run (all of them, unless CORPUS_ONLY names some). */
export const RUNNABLE_CASES = CORPUS_CASES.filter((c) => !only || only.includes(c.id));
