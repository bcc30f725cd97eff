// First: fixes exceljs's decoding of characters split across chunks before exceljs loads.
import './exceljs-utf8';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';

/** One data row of a spreadsheet: its row number in the file and its cells by header. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

/** Rows of a .csv (UTF-8, optional BOM, RFC 4180 quotes on one line) or the first sheet of a .xlsx, streamed. */
export function readRows(file: string): AsyncIterable<SheetRow> {
  if (/\.xlsx$/i.test(file)) return readXlsx(file);
  if (/\.csv$/i.test(file)) return readCsv(file);
  throw new Error(`expected a .xlsx or .csv file, got ${file}`);
}

export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
export const toCsvLine = (values: string[]) => values.map(csvField).join(',');

async function* readCsv(file: string): AsyncIterable<SheetRow> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let headers: string[] | null = null;
  let row = 0;
  for await (const raw of lines) {
    row++;
    const line = row === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!headers) {
      headers = splitCsvLine(line).map((h) => h.trim());
      continue;
    }
    if (!line.trim()) continue;
    const values = splitCsvLine(line);
    yield { row, cells: Object.fromEntries(headers.map((h, i) => [h, (values[i] ?? '').trim()])) };
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return String(value).trim();
}

async function* readXlsx(file: string): AsyncIterable<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  for await (const sheet of reader) {
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
}
