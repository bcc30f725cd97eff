import ExcelJS from 'exceljs';
import { openSheet, type ReadOptions } from './read-rows';
import type { ImportProblem } from './sheet-import';

/** The column added after the department's own: every problem of the row, in Chinese. */
export const PROBLEM_COLUMN = '导入问题';
/** Personal cells in the report. */
export const HIDDEN = '(hidden)';
const MARKED: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/**
 * The problem report as a workbook a department can fix its file from: the bad rows only, in the
 * file's own columns and order, each with its row number in the file (第 N 行), every offending
 * cell filled red with the message as its note, and all of the row's messages in 导入问题.
 * Personal columns show "(hidden)". Constant memory: the source file is read a second time and
 * joined with the problems (both by row), and the workbook is streamed to disk.
 */
export async function writeProblemReport(
  target: string,
  source: string,
  problems: AsyncIterable<ImportProblem>,
  personalColumns: ReadonlySet<string>,
  options: ReadOptions = {},
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('导入问题');
  const problemIterator = problems[Symbol.asyncIterator]();
  let next = await problemIterator.next();
  const rowProblems = async (row: number) => {
    const found: ImportProblem[] = [];
    while (!next.done && next.value.row <= row) {
      if (next.value.row === row) found.push(next.value);
      next = await problemIterator.next();
    }
    return found;
  };

  let headers: string[] | null = null;
  const headerProblems = await rowProblems(1);
  for await (const { row, cells } of (await openSheet(source, options)).rows) {
    if (!headers) {
      headers = Object.keys(cells);
      sheet.columns = [{ header: '行号', key: '行号', width: 8 }, ...headers.map((h) => ({ header: h, key: h, width: 16 })), { header: PROBLEM_COLUMN, key: PROBLEM_COLUMN, width: 60 }];
      if (headerProblems.length) sheet.addRow({ 行号: 1, [PROBLEM_COLUMN]: headerProblems.map((p) => `${p.column}：${p.message}`).join('\n') }).commit();
    }
    if (next.done) break;
    const found = await rowProblems(row);
    if (!found.length) continue;
    const line = sheet.addRow({
      行号: row,
      ...Object.fromEntries(headers.map((h) => [h, personalColumns.has(h) ? HIDDEN : cells[h]])),
      [PROBLEM_COLUMN]: found.map((p) => `${p.column}：${p.message}`).join('\n'),
    });
    for (const p of found) {
      const index = headers.indexOf(p.column);
      if (index < 0) continue;
      const cell = line.getCell(index + 2);
      cell.fill = MARKED;
      cell.note = p.message;
    }
    line.commit();
  }
  if (!headers) sheet.addRow(['行号', PROBLEM_COLUMN]).commit();
  await sheet.commit();
  await workbook.commit();
}
