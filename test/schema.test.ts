import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildHubSchema, printHubSchema } from '../src/schema';

describe('schema/schema.graphql', () => {
  it('matches what the code emits (run `npm run schema:emit` after changing the API)', async () => {
    const committed = readFileSync(join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8');
    expect(printHubSchema(await buildHubSchema())).toBe(committed);
  });
});
