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
  const queue = new ByteQueue(body.getReader());
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
        part = await queue.take(Number(declared));
        if (part.byteLength < Number(declared)) {
          throw new MultipartError(`part ${number} declares ${declared} bytes, the answer holds ${part.byteLength}: truncated`);
        }
        await queue.fill(delimiter.length + 2);
        at = indexOf(queue.view().subarray(0, delimiter.length + 2), delimiter, 0);
        if (at < 0)
          throw new MultipartError(`part ${number} is not followed by its boundary: the answer is truncated or malformed`);
        queue.consume(at + delimiter.length);
      } else {
        const next = await queue.find([...CRLF, ...delimiter], 0, Infinity);
        if (next < 0) throw new MultipartError(`part ${number} has no closing boundary: the answer is truncated`);
        part = await queue.take(next);
        queue.consume(CRLF.length + delimiter.length);
      }
      yield { headers, body: part };
    }
  } finally {
    queue.cancel();
  }
}

/**
 * The bytes read from a stream and not yet consumed, in one growable buffer; a part's body with a
 * known length is copied once, from the stream's chunks into a buffer of its own.
 */
class ByteQueue {
  private buffer = new Uint8Array(64 * 1024);
  private start = 0;
  private end = 0;
  private done = false;
  received = 0;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

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

  /** The next `count` bytes (fewer if the stream ends first) in a buffer of their own, consumed. */
  async take(count: number): Promise<Uint8Array> {
    const out = new Uint8Array(count);
    const queued = Math.min(count, this.end - this.start);
    out.set(this.buffer.subarray(this.start, this.start + queued));
    this.start += queued;
    let filled = queued;
    while (filled < count) {
      const chunk = await this.read();
      if (!chunk) return out.subarray(0, filled);
      const used = Math.min(chunk.byteLength, count - filled);
      out.set(chunk.subarray(0, used), filled);
      filled += used;
      if (used < chunk.byteLength) this.append(chunk.subarray(used));
    }
    return out;
  }

  cancel(): void {
    if (!this.done) this.reader.cancel().catch(() => undefined);
    this.done = true;
  }

  private async more(): Promise<boolean> {
    const chunk = await this.read();
    if (!chunk) return false;
    this.append(chunk);
    return true;
  }

  private async read(): Promise<Uint8Array | null> {
    if (this.done) return null;
    const { done, value } = await this.reader.read();
    if (done) {
      this.done = true;
      return null;
    }
    this.received += value.byteLength;
    return value;
  }

  private append(chunk: Uint8Array): void {
    const queued = this.end - this.start;
    if (this.end + chunk.byteLength > this.buffer.byteLength) {
      const needed = queued + chunk.byteLength;
      if (needed <= this.buffer.byteLength) this.buffer.copyWithin(0, this.start, this.end);
      else {
        const grown = new Uint8Array(Math.max(needed, this.buffer.byteLength * 2));
        grown.set(this.buffer.subarray(this.start, this.end));
        this.buffer = grown;
      }
      this.start = 0;
      this.end = queued;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.byteLength;
  }
}
