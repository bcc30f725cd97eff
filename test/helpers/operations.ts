import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print, type OperationDefinitionNode } from 'graphql';

/** The named operations of a contract file copied under test/operations, each as its own document. */
export function contractOperations(file: string): Map<string, string> {
  const document = parse(readFileSync(join(__dirname, '..', 'operations', file), 'utf8'));
  const operations = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) {
      operations.set(definition.name.value, print(definition as OperationDefinitionNode));
    }
  }
  return operations;
}
