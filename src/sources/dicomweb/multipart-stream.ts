/**
 * multipart/related read as it arrives: a series retrieve is one answer holding every instance, and
 * its first parts are wanted long before its last byte. The rules are parseMultipart's (multipart.ts):
 * a part's body is checked against its Content-Length when it states one, a body without one ends at
 * the next boundary, and an answer must end with its closing boundary, so a server that goes away
 * mid-answer yields a MultipartError or the stream's own error, never a truncated file.
 */
import { CRLF_CRLF, MultipartError, type MultipartPart, ascii, indexOf, parseHeaders, skipLineEnd } from './multipart';

/** Headers longer than this are not a part's headers: the answer is not the multipart it says. */
const MAX_HEADERS_BYTES = 64 * 1024;
const CRLF = [13, 10];

/**
 * The parts of `body`, each body a Uint8Array over a buffer of its own (it can be transferred). Stops
 * reading when the caller stops asking: `return()` on the iterator cancels the stream.
 */
export async function* streamMultipart(body: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<MultipartPart> {
  const delimiter = ascii(`--${boundary}`);
  const queue = new ByteQueue(body);
  try {
    let at = await queue.find(delimiter, 0, Infinity);
    if (at < 0) throw new MultipartError(`no part starts with its boundary (${queue.received} bytes)`);
    queue.consume(at + delimiter.length);
    for (let number = 1; ; number++) {
      if (!(await queue.fill(2)))
        throw new MultipartError(`the answer ends after part ${number - 1} without its closing boundary: truncated`);
      const head = queue.view();
      if (head[0] === 0x2d && head[1] === 0x2d) return;
      await queue.fill(4);
      queue.consume(skipLineEnd(queue.view(), 0));
      // A part without headers starts with the blank line that ends them.
      await queue.fill(2);
      const start = queue.view();
      const bare = start[0] === 13 && start[1] === 10;
      const headersEnd = bare ? 0 : await queue.find(CRLF_CRLF, 0, MAX_HEADERS_BYTES);
      if (headersEnd < 0) throw new MultipartError(`part ${number} ends inside its headers: the answer is truncated`);
      const headers = parseHeaders(new TextDecoder('latin1').decode(queue.view().subarray(0, headersEnd)));
      queue.consume(headersEnd + (bare ? 2 : 4));
      const declared = headers['content-length']?.trim();
      let part: Uint8Array;
      if (declared !== undefined && /^\d+$/.test(declared)) {
        const { bytes, got } = await queue.take(Number(declared));
        if (got < Number(declared)) {
          throw new MultipartError(`part ${number} declares ${declared} bytes, the answer holds ${got}: truncated`);
        }
        part = bytes;
        await queue.fill(delimiter.length + 2);
        at = indexOf(queue.view().subarray(0, delimiter.length + 2), delimiter, 0);
        if (at < 0)
          throw new MultipartError(`part ${number} is not followed by its boundary: the answer is truncated or malformed`);
        queue.consume(at + delimiter.length);
      } else {
        const next = await queue.find([...CRLF, ...delimiter], 0, Infinity);
        if (next < 0) throw new MultipartError(`part ${number} has no closing boundary: the answer is truncated`);
        part = (await queue.take(next)).bytes;
        queue.consume(CRLF.length + delimiter.length);
      }
      yield { headers, body: part };
    }
  } finally {
    queue.cancel();
  }
}

/** Bytes over a plain ArrayBuffer (a byte stream reads into those, and hands them back). */
type Bytes = Uint8Array<ArrayBuffer>;

/** The least a read into the queue asks for: reads of a few bytes would each cost a round trip. */
const MIN_READ = 64 * 1024;

/**
 * The bytes read from a stream and not yet consumed, in one growable buffer. A part's body with a
 * known length goes into a buffer of its own: from a byte stream (a fetch body) it is read straight
 * into that buffer, so each instance is copied once on its way from the network, not twice; from any
 * other stream it is copied there from the stream's chunks.
 */
class ByteQueue {
  private buffer: Bytes = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;
  private done = false;
  received = 0;
  private readonly byob: ReadableStreamBYOBReader | null;
  private readonly chunks: ReadableStreamDefaultReader<Uint8Array> | null;

  constructor(body: ReadableStream<Uint8Array>) {
    this.byob = byobReader(body);
    this.chunks = this.byob ? null : body.getReader();
  }

  view(): Uint8Array {
    return this.buffer.subarray(this.start, this.end);
  }

  consume(count: number): void {
    this.start = Math.min(this.end, this.start + count);
  }

  /** Reads until `count` bytes are queued or the stream ends; whether they are. */
  async fill(count: number): Promise<boolean> {
    while (this.end - this.start < count && (await this.more()));
    return this.end - this.start >= count;
  }

  /** Index of `needle` in the queue at or after `from`, reading as needed up to `limit` bytes; -1 if absent. */
  async find(needle: number[], from: number, limit: number): Promise<number> {
    let scanned = from;
    for (;;) {
      const view = this.view();
      const at = indexOf(view, needle, scanned);
      if (at >= 0) return at;
      scanned = Math.max(from, view.byteLength - needle.length + 1);
      if (view.byteLength >= limit || !(await this.more())) return -1;
    }
  }

  /**
   * The next `count` bytes in a buffer of their own, consumed; `got` is how many came before the
   * stream ended (the bytes are whole only when it equals `count`).
   */
  async take(count: number): Promise<{ bytes: Uint8Array; got: number }> {
    let out: Bytes = new Uint8Array(count);
    const queued = Math.min(count, this.end - this.start);
    out.set(this.buffer.subarray(this.start, this.start + queued));
    this.start += queued;
    let got = queued;
    while (got < count) {
      if (this.byob) {
        const read = await this.readInto(out, got);
        if (!read) return { bytes: new Uint8Array(0), got };
        out = read.into;
        if (read.count === 0) return { bytes: out, got };
        got += read.count;
        continue;
      }
      const chunk = await this.readChunk();
      if (!chunk) return { bytes: out, got };
      const used = Math.min(chunk.byteLength, count - got);
      out.set(chunk.subarray(0, used), got);
      got += used;
      if (used < chunk.byteLength) this.append(chunk.subarray(used));
    }
    return { bytes: out, got };
  }

  cancel(): void {
    if (!this.done) (this.byob ?? this.chunks)!.cancel().catch(() => undefined);
    this.done = true;
  }

  private async more(): Promise<boolean> {
    if (!this.byob) {
      const chunk = await this.readChunk();
      if (!chunk) return false;
      this.append(chunk);
      return true;
    }
    this.makeRoom(MIN_READ);
    const read = await this.readInto(this.buffer, this.end);
    if (!read) return false;
    this.buffer = read.into;
    this.end += read.count;
    return read.count > 0;
  }

  /**
   * Reads from the byte stream into `into` from `offset` to its end. The read takes the buffer over
   * and hands it back: `into` is that buffer again. Null when the stream was cancelled (the buffer
   * is not handed back then); a count of 0 when it has ended.
   */
  private async readInto(into: Bytes, offset: number): Promise<{ into: Bytes; count: number } | null> {
    if (this.done) return { into, count: 0 };
    // Read before the read: it detaches `into`, whose offset and length then read as 0.
    const { byteOffset, byteLength } = into;
    const { done, value } = await this.byob!.read(new Uint8Array(into.buffer, byteOffset + offset, byteLength - offset));
    if (!value) {
      this.done = true;
      return null;
    }
    const back = new Uint8Array(value.buffer, byteOffset, byteLength);
    if (done) this.done = true;
    this.received += value.byteLength;
    return { into: back, count: value.byteLength };
  }

  private async readChunk(): Promise<Uint8Array | null> {
    if (this.done) return null;
    const { done, value } = await this.chunks!.read();
    if (done) {
      this.done = true;
      return null;
    }
    this.received += value.byteLength;
    return value;
  }

  /** At least `count` free bytes after the queued ones: the queue moved to the front, or a larger buffer. */
  private makeRoom(count: number): void {
    if (this.buffer.byteLength - this.end >= count) return;
    const queued = this.end - this.start;
    if (queued + count <= this.buffer.byteLength) this.buffer.copyWithin(0, this.start, this.end);
    else {
      const grown = new Uint8Array(Math.max(queued + count, this.buffer.byteLength * 2));
      grown.set(this.buffer.subarray(this.start, this.end));
      this.buffer = grown;
    }
    this.start = 0;
    this.end = queued;
  }

  private append(chunk: Uint8Array): void {
    this.makeRoom(chunk.byteLength);
    this.buffer.set(chunk, this.end);
    this.end += chunk.byteLength;
  }
}

/** A reader that reads into buffers it is given, when `body` is a byte stream; null otherwise. */
function byobReader(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return body.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream (a stream made in script): its chunks are copied instead.
    return null;
  }
}
