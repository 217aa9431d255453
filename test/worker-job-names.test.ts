import { describe, expect, it } from 'vitest';
import { jobName, workerEndedError } from '../src/ingest/worker-job-names';

const header = (file: string) => ({ file }) as never;

describe('what a pending job of an ingest worker that ended is told', () => {
  it('names the files of a chunk, first and last, and what to do', () => {
    const error = workerEndedError('stopped', 'readChunkInto', [{}, 40, [], [header('I0040.dcm'), header('I0047.dcm')]]);
    expect(error.message).toBe(
      'the image reader stopped (out of memory?) while reading I0040.dcm … I0047.dcm (2 files); it has been restarted: load again to retry',
    );
  });

  it('says an uncaught error or a lost answer in words, keeping the raw one as the cause', () => {
    const raw = new Error('Invalid typed array length');
    const failed = workerEndedError('failed', 'readChunk', [0, [], [header('a.dcm')]], raw);
    expect(failed.message).toMatch(/^the image reader failed with an unexpected error while reading a\.dcm; /);
    expect(failed.message).not.toContain(raw.message);
    expect(failed.cause).toBe(raw);
    expect(workerEndedError('unreadable-answer', 'warmUp', []).message).toMatch(
      /^an answer of the image reader could not be received while loading the DICOM reader; /,
    );
  });

  it('names every kind of job', () => {
    const file = new File([], 'x.dcm');
    expect(jobName('parseHeaders', [[file, { archive: file, entry: { name: 'study.zip/IM1', location: {} } }]])).toBe(
      'reading the headers of x.dcm … study.zip/IM1 (2 files)',
    );
    expect(jobName('generateSample', [{}])).toBe('generating the sample');
    expect(jobName('listZip', [file, 'study.zip'])).toBe('listing the zip archive study.zip');
    expect(jobName('readImage2d', [new ArrayBuffer(0), header('scout.dcm')])).toBe('reading scout.dcm');
    expect(jobName('readHeaderTree', [new ArrayBuffer(0), 'I10'])).toBe('reading the header of I10');
    const plan = { series: { seriesNumber: 3, description: 'Head', seriesInstanceUID: '1.2' } };
    expect(jobName('assemble', [plan])).toBe('assembling the volume of series 3 Head');
  });
});
