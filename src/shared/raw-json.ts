import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
/** Response bodies around one document whose gzip is kept (a layer asked for by a few operations). */
const GZIPPED_BODIES_PER_DOCUMENT = 4;

/** Marks where a RawJson goes in a serialized response; never leaves the process. */
const MARK = `\u0000raw-json-${randomUUID()}:`;
/** The mark as JSON.stringify writes it, inside a string's quotes. */
const QUOTED_MARK = JSON.stringify(MARK).slice(0, -1);

/** RawJson values serialized into responses not yet sent, by the number in their mark. */
const pending = new Map<number, RawJson>();
let nextId = 0;
/** Stringified responses that never reach `spliceRawJson` (none should) must not pile up. */
const MAX_PENDING = 10_000;

/** True while stringifyWithRawJson runs (JSON.stringify is synchronous). */
let marking = false;

/**
 * A JSON document serialized and UTF-8 encoded once, returned by a resolver for a JSON scalar
 * field (a GeoJSON layer many requests share). Serialized by `stringifyWithRawJson`, it leaves
 * a mark that `spliceRawJson` replaces with its bytes when the response is sent: a megabyte
 * shared by many responses is neither rebuilt as objects, nor serialized, nor encoded by each.
 * Anywhere else it serializes as the document itself.
 */
export class RawJson {
  #utf8: Buffer | undefined;
  /** Gzipped whole response bodies around this document, by their text outside it; undefined while compressing. */
  readonly #gzipped = new Map<string, Buffer | undefined>();

  constructor(readonly json: string) {}

  get utf8(): Buffer {
    return (this.#utf8 ??= Buffer.from(this.json));
  }

  /**
   * The gzip of `body` (this document between `before` and `after`) when made earlier; else
   * starts making it off the event loop, for the requests that come next.
   */
  gzipped(before: string, after: string, body: () => Buffer): Buffer | undefined {
    const key = `${before}\u0000${after}`;
    if (this.#gzipped.has(key)) return this.#gzipped.get(key);
    if (this.#gzipped.size >= GZIPPED_BODIES_PER_DOCUMENT) this.#gzipped.clear();
    this.#gzipped.set(key, undefined);
    gzipAsync(body()).then(
      (zipped) => this.#gzipped.set(key, zipped),
      () => this.#gzipped.delete(key),
    );
    return undefined;
  }

  toJSON(): unknown {
    if (!marking) return JSON.parse(this.json);
    if (pending.size >= MAX_PENDING) pending.clear();
    const id = nextId++;
    pending.set(id, this);
    return `${MARK}${id}`;
  }
}

/** JSON.stringify for Apollo's `stringifyResult`: each RawJson leaves a mark for `spliceRawJson`. */
export function stringifyWithRawJson(value: unknown): string {
  marking = true;
  try {
    return JSON.stringify(value);
  } finally {
    marking = false;
  }
}

/** A response body with its documents spliced in. */
export interface SplicedBody {
  /** In bytes, without building them. */
  length: number;
  bytes(): Buffer;
  /** The body gzipped, when it holds one document and was gzipped before (see RawJson.gzipped). */
  gzipped: Buffer | undefined;
}

/** The response body to send, each mark replaced by its document; null when it has none. */
export function spliceRawJson(body: string): SplicedBody | null {
  let at = body.indexOf(QUOTED_MARK);
  if (at < 0) return null;
  const texts: Buffer[] = [];
  const documents: Buffer[] = [];
  const raws: RawJson[] = [];
  let from = 0;
  while (at >= 0) {
    const end = body.indexOf('"', at + QUOTED_MARK.length);
    const id = Number(body.slice(at + QUOTED_MARK.length, end));
    const raw = pending.get(id);
    pending.delete(id);
    texts.push(Buffer.from(body.slice(from, at)));
    if (raw) raws.push(raw);
    documents.push(raw ? raw.utf8 : Buffer.from('null'));
    from = end + 1;
    at = body.indexOf(QUOTED_MARK, from);
  }
  texts.push(Buffer.from(body.slice(from)));
  let bytes: Buffer | undefined;
  const build = () => (bytes ??= Buffer.concat(texts.flatMap((text, i) => (i < documents.length ? [text, documents[i]] : [text]))));
  const length = [...texts, ...documents].reduce((sum, part) => sum + part.length, 0);
  const single = raws.length === 1 && documents.length === 1;
  return { length, bytes: build, gzipped: single ? raws[0].gzipped(texts[0].toString(), texts[1].toString(), build) : undefined };
}
