// `npm run build`: compiles src/, migrations/, seeds/, scripts/ and mikro-orm.config.ts to dist/
// with tsc (decorator metadata included, which type-graphql and MikroORM read at run time), and
// writes dist/main.js, the production entry: `node dist/main.js` loads no transpiler.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const started = Date.now();
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const { status } = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (status !== 0) process.exit(status ?? 1);
writeFileSync(join(dist, 'main.js'), "'use strict';\n// The production entry (npm run build): the compiled src/main.ts.\nrequire('./src/main');\n");
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s: node dist/main.js, node dist/scripts/<script>.js`);
