import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { buildHubSchema, printHubSchema } from '../src/schema';

/** `npm run schema:emit`: writes schema/schema.graphql from the code. */
buildHubSchema().then((schema) => {
  writeFileSync('schema/schema.graphql', printHubSchema(schema));
  console.log('schema/schema.graphql written');
});
