/** Which chunk a free ingest worker reads next when its files stream in the server's order. */
import { describe, expect, it } from 'vitest';
import { nextChunk } from '../src/ingest/next-chunk';
import type { StreamedFiles } from '../src/sources/source-file';
import type { SliceChunk } from '../src/volume/build-plan';

const chunks: SliceChunk[] = [
  { start: 8, count: 8 },
  { start: 0, count: 8 },
  { start: 16, count: 8 },
];

function streamedWith(held: Set<number>, arrival: Promise<void> | null): StreamedFiles {
  return {
    take: () => null,
    holds: (file) => held.has(Number(file)),
    arrival: () => arrival,
    close: () => undefined,
  };
}

/** A chunk has arrived when every one of its slices (named by index here) is held. */
const byIndex = (streamed: StreamedFiles) => ({
  arrivedIn: ({ start, count }: SliceChunk) =>
    Array.from({ length: count }, (_, k) => String(start + k)).every((file) => streamed.holds(file)),
});

describe('nextChunk', () => {
  it('keeps the order for a source that does not stream', () => {
    expect(nextChunk(chunks, { arrivedIn: () => true }, null)).toBe(0);
  });

  it('takes the first chunk whose files have all arrived, before those ahead of it', () => {
    const held = new Set(Array.from({ length: 8 }, (_, k) => k)); // slices 0-7: the second chunk
    held.add(9); // one slice of the first chunk is not enough
    const streamed = streamedWith(held, new Promise(() => undefined));
    expect(nextChunk(chunks, byIndex(streamed), streamed)).toBe(1);
  });

  it('waits for the next arrival while none has arrived, and reads in order once nothing more will come', async () => {
    let arrive: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrive = resolve));
    const waiting = streamedWith(new Set([1, 2]), arrival);
    const picked = nextChunk(chunks, byIndex(waiting), waiting);
    expect(picked).toBe(arrival);
    arrive();
    await picked;
    const ended = streamedWith(new Set([1, 2]), null);
    expect(nextChunk(chunks, byIndex(ended), ended)).toBe(0);
  });
});
