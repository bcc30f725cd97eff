import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { toCsvLine } from '../src/modules/imports/read-rows';
import { HEADERS, talentCells } from '../seeds/talent-sheet';

/**
 * `node -r @swc-node/register scripts/talent-sheet.ts FILE.csv|FILE.xlsx ROWS CREDIT_CODE`:
 * a synthetic talent import file (valid rows, employer by credit code), for the templates and
 * for measuring imports. ROWS = 0 writes the header only.
 */
async function main() {
  const [file, rowsText = '0', creditCode = ''] = process.argv.slice(2);
  const rows = Number(rowsText);
  if (file.endsWith('.xlsx')) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const sheet = workbook.addWorksheet('人才');
    sheet.addRow(HEADERS).commit();
    for (let i = 0; i < rows; i++) sheet.addRow(HEADERS.map((h) => talentCells(i, creditCode)[h])).commit();
    sheet.commit();
    await workbook.commit();
    return;
  }
  const out = createWriteStream(file);
  out.write('\uFEFF' + toCsvLine(HEADERS) + '\n');
  for (let i = 0; i < rows; i++) {
    const cells = talentCells(i, creditCode);
    if (!out.write(toCsvLine(HEADERS.map((h) => cells[h])) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
