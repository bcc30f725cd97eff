import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from './errors';

/**
 * Text PostgreSQL can store and compare: no U+0000 (a `text` value cannot hold it, and the
 * driver's error would surface as an internal one) and well-formed UTF-16 (a lone surrogate is
 * silently replaced on the way to UTF-8, so what was stored would not be what was sent).
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** The first string anywhere in a JSON value that is not storable text, as a path such as `$filter.nameContains`. */
function unstorableIn(value: unknown, path: string): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableIn(value[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableIn(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

function literalsAreStorable(document: DocumentNode): boolean {
  let storable = true;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (!isStorableText(node.value)) storable = false;
    },
  });
  return storable;
}

/**
 * Every string a request hands the resolvers, from its variables or its literals, is checked
 * once here, before anything runs, so no field can forget to: one rule for all present and
 * future arguments. Refused with BAD_USER_INPUT naming the variable, never echoing the value.
 */
export function textInputPlugin(): ApolloServerPlugin<BaseContext> {
  const checked = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          let storable = checked.get(document);
          if (storable === undefined) checked.set(document, (storable = literalsAreStorable(document)));
          const where = storable ? unstorableIn(request.variables ?? {}, '$') : 'a string literal';
          if (where) {
            throw new GraphQLError(`Text may not contain the NUL character (U+0000) or unpaired surrogates: ${where.replace(/^\$\./, '$')}`, {
              extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
