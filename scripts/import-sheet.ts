import 'reflect-metadata';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { toCsvLine } from '../src/modules/imports/read-rows';
import { SHEETS } from '../seeds/templates/sheets';

/**
 * `node -r @swc-node/register scripts/import-sheet.ts talents|organizations|service-points FILE.csv|FILE.xlsx ROWS [CREDIT_CODE]`:
 * a synthetic import file of valid rows (talents: employer by CREDIT_CODE), for the templates in
 * seeds/templates and for measuring imports. ROWS = 0 writes the header only.
 */
async function main() {
  const [entity, file, rowsText = '0', arg = ''] = process.argv.slice(2);
  const sheet = SHEETS[entity];
  if (!sheet || !file) {
    console.error(`usage: scripts/import-sheet.ts ${Object.keys(SHEETS).join('|')} FILE.csv|FILE.xlsx ROWS [CREDIT_CODE]`);
    process.exit(2);
  }
  const rows = Number(rowsText);
  const line = (i: number) => {
    const cells = sheet.cells(i, arg);
    return sheet.headers.map((h) => cells[h]);
  };
  if (file.endsWith('.xlsx')) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
    const worksheet = workbook.addWorksheet(sheet.sheetName);
    worksheet.addRow(sheet.headers).commit();
    for (let i = 0; i < rows; i++) worksheet.addRow(line(i)).commit();
    worksheet.commit();
    await workbook.commit();
    return;
  }
  const out = createWriteStream(file);
  out.write('\uFEFF' + toCsvLine(sheet.headers) + '\n');
  for (let i = 0; i < rows; i++) {
    if (!out.write(toCsvLine(line(i)) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
