/**
 * exceljs 4.4.0's streaming reader decodes each zip chunk on its own
 * (lib/utils/parse-sax.js → browser-buffer-decode.bufferToString), so a Chinese character split
 * across two chunks becomes U+FFFD: about 1 cell in 1,400 of a 100,000-row sheet came out as
 * "大学专���". This replaces that decoder with a streaming one (the bytes of a split character
 * wait for the next chunk). It must run before exceljs's parser module loads: read-rows.ts
 * imports this file first. The decoder is shared, so xlsx sheets are read one at a time per
 * process (the import CLI); an XML entry always ends on a whole character, so nothing leaks
 * from one entry into the next.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const decode = require('exceljs/lib/utils/browser-buffer-decode') as { bufferToString: (chunk: unknown) => string };

const decoder = new TextDecoder('utf-8');
decode.bufferToString = (chunk: unknown) => (typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
