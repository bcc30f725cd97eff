import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { parse as parseCsv, CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** One data row of a spreadsheet: its row number in the file (as Excel numbers it, header = 1) and its cells by header. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

/** The text encodings a CSV may come in: Excel in a Chinese locale saves GB18030 (GBK); "Unicode text" is UTF-16. */
export const CSV_ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Names people give on the command line (`--encoding gbk`), → the decoder used (GB18030 is a superset of GBK and GB2312). */
const ENCODING_ALIASES: Record<string, CsvEncoding> = {
  'utf-8': 'utf-8', utf8: 'utf-8',
  gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', cp936: 'gb18030',
  'utf-16': 'utf-16le', utf16: 'utf-16le', 'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16be': 'utf-16be', utf16be: 'utf-16be',
};

/** A file that cannot be read as a sheet: the message says why, and where (line), in Chinese, for the department. */
export class SheetReadError extends Error {
  readonly code = 'IMPORT_FILE_UNREADABLE';
}

export interface ReadOptions {
  /** Overrides detection (CLI `--encoding`); any name of ENCODING_ALIASES. */
  encoding?: string;
}

/** An opened sheet: its rows, streamed, and how far through the file the reading is (for progress). */
export interface OpenedSheet {
  format: 'csv' | 'xlsx';
  /** The CSV's encoding, as detected or given. */
  encoding: CsvEncoding | null;
  totalBytes: number;
  bytesRead(): number;
  rows: AsyncIterable<SheetRow>;
}

const XLSX_MAGIC = Buffer.from('504b0304', 'hex');
/** OLE2 compound file: Excel 97-2003 .xls (and .doc …). */
const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const SAMPLE_BYTES = 64 * 1024;

export function parseEncoding(name: string): CsvEncoding {
  const encoding = ENCODING_ALIASES[name.trim().toLowerCase()];
  if (!encoding) throw new SheetReadError(`不支持的编码 ${name}：可用 utf-8、gb18030（gbk）、utf-16le、utf-16be`);
  return encoding;
}

/**
 * The encoding of a CSV from its first bytes: a BOM says it (UTF-8, UTF-16 LE/BE); without one,
 * bytes that are valid UTF-8 are UTF-8 and anything else is taken as GB18030 (what Excel saves in
 * a Chinese locale). A later line that does not decode is reported with its line number.
 */
export function detectEncoding(sample: Buffer, complete: boolean): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    // stream: a sample cut inside a character is not an error unless the file ends there.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * Opens a department's file: .xlsx (the first sheet, streamed) or CSV (RFC 4180 through csv-parse:
 * quoted cells across lines, "" inside quotes, CRLF or LF; UTF-8 with or without BOM, UTF-16 with
 * BOM, GB18030/GBK). The format is told by the file's first bytes, not its name; an Excel 97-2003
 * .xls is refused with a message asking for xlsx or csv.
 */
export async function openSheet(file: string, options: ReadOptions = {}): Promise<OpenedSheet> {
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new SheetReadError(e.code === 'ENOENT' ? `找不到文件 ${file}` : `无法打开文件 ${file}（${e.code ?? e.message}）`);
  });
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const totalBytes = (await stat(file)).size;
  if (sample.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC) || /\.xls$/i.test(file)) {
    throw new SheetReadError('这是旧版 Excel 97-2003（.xls）文件，无法导入：请在 Excel 中“另存为” Excel 工作簿（.xlsx）或 CSV 后再导入');
  }
  let bytesRead = 0;
  const counted = () => createReadStream(file, { highWaterMark: 256 * 1024 }).on('data', (chunk) => (bytesRead += chunk.length));
  if (sample.subarray(0, XLSX_MAGIC.length).equals(XLSX_MAGIC)) {
    return { format: 'xlsx', encoding: null, totalBytes, bytesRead: () => bytesRead, rows: readXlsx(counted) };
  }
  if (/\.xlsx$/i.test(file)) throw new SheetReadError('文件扩展名为 .xlsx，但内容不是 Excel 工作簿：请重新导出');
  const encoding = options.encoding ? parseEncoding(options.encoding) : detectEncoding(sample, sample.length === totalBytes);
  return { format: 'csv', encoding, totalBytes, bytesRead: () => bytesRead, rows: readCsv(counted, encoding) };
}

/** The rows of a file (see openSheet). */
export async function* readRows(file: string, options: ReadOptions = {}): AsyncIterable<SheetRow> {
  yield* (await openSheet(file, options)).rows;
}

/** Bytes → text in the given encoding (BOM dropped); a byte sequence that is not text in it stops the read, naming its line. */
class Decode extends Transform {
  private readonly decoder: ReturnType<typeof iconv.getDecoder>;
  private line = 1;

  constructor(private readonly encoding: CsvEncoding) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
    this.decoder = iconv.getDecoder(encoding, { stripBOM: true });
  }

  private push_(text: string): Error | null {
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      const line = this.line + countNewlines(text, bad);
      const hint = this.encoding === 'utf-8' ? '；如为 GBK/GB18030 编码，请用 --encoding gb18030' : '';
      return new SheetReadError(`第 ${line} 行含有不是 ${this.encoding.toUpperCase()} 编码的字节，无法读取：请将文件另存为 UTF-8 或 GB18030 编码的 CSV${hint}`);
    }
    this.line += countNewlines(text, text.length);
    if (text) this.push(text);
    return null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    done(this.push_(this.decoder.write(chunk)));
  }

  override _flush(done: TransformCallback): void {
    done(this.push_(this.decoder.end() ?? ''));
  }
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

async function* readCsv(source: () => NodeJS.ReadableStream, encoding: CsvEncoding): AsyncIterable<SheetRow> {
  const parser = parseCsv({ relax_column_count: true, relax_quotes: true });
  const decoded = source().pipe(new Decode(encoding));
  decoded.on('error', (e) => parser.destroy(e));
  decoded.pipe(parser);
  let headers: string[] | null = null;
  let row = 0;
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      row++;
      if (!headers) {
        headers = values.map((h) => h.trim());
        continue;
      }
      if (values.every((v) => !v.trim())) continue;
      yield { row, cells: Object.fromEntries(headers.map((h, i) => [h, (values[i] ?? '').trim()])) };
    }
  } catch (e) {
    if (e instanceof CsvError) throw new SheetReadError(`第 ${(e as CsvError & { lines?: number }).lines ?? row + 1} 行 CSV 格式有误（${e.code}）：请检查引号是否成对`);
    throw e;
  }
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
/** One CSV record (RFC 4180: cells holding a comma, quote or line break are quoted); the reader above reads it back. */
export const toCsvLine = (values: string[]) => values.map(csvField).join(',');

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return String(value.error);
  }
  return String(value).trim();
}

/** Buffers of a zip entry → text, with a decoder that keeps the bytes of a character split across two chunks for the next one. */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

type ReaderInternals = {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): AsyncIterable<unknown>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<unknown>;
};

/**
 * exceljs 4.4.0's streaming reader turns each inflated chunk into text on its own
 * (lib/utils/parse-sax.js), so a Chinese character split across two chunks came out as U+FFFD
 * (about 1 cell in 1,400). Its parser takes strings as they are, so this reader hands it text:
 * worksheet chunks through a streaming decoder per sheet, shared strings through the entry's own
 * setEncoding (Node's StringDecoder). Per reader, nothing process-wide, nothing patched.
 */
function wholeCharacterReader(input: NodeJS.ReadableStream): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input as never, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  const internals = reader as unknown as ReaderInternals;
  const parseWorksheet = internals._parseWorksheet.bind(reader);
  const parseSharedStrings = internals._parseSharedStrings.bind(reader);
  internals._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Text(iterator), sheetNo);
  internals._parseSharedStrings = (entry) => parseSharedStrings((entry as NodeJS.ReadableStream & { setEncoding(e: string): void }).setEncoding('utf8') ?? entry);
  return reader;
}

async function* readXlsx(source: () => NodeJS.ReadableStream): AsyncIterable<SheetRow> {
  const reader = wholeCharacterReader(source());
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets++;
      let headers: string[] | null = null;
      for await (const line of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (line.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (!headers) {
          headers = values.map((h) => h.trim());
          continue;
        }
        if (values.every((v) => !v)) continue;
        yield { row: line.number, cells: Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ''])) };
      }
      return; // the first sheet only
    }
  } catch (e) {
    if (e instanceof SheetReadError) throw e;
    throw new SheetReadError(`无法读取 Excel 工作簿（${(e as Error).message}）：请在 Excel 中重新保存为 .xlsx`);
  }
  if (!sheets) throw new SheetReadError('Excel 工作簿中没有工作表');
}
