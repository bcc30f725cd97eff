import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import request from 'supertest';
import { Authorized, buildSchema, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root, UseMiddleware, type NonEmptyArray } from 'type-graphql';
import { PersonalReadLog } from '../../src/modules/audit/personal-read-log';
import { authChecker } from '../../src/shared/auth/auth-checker';
import { PersonalField } from '../../src/shared/auth/personal-field';
import { RECORD_READERS } from '../../src/shared/auth/roles';
import type { TokenVerifier } from '../../src/shared/auth/token-verifier';
import type { Viewer } from '../../src/shared/auth/viewer';
import { authenticateRequest } from '../../src/shared/auth/viewer-from-request';
import { createErrorFormatter } from '../../src/shared/error-formatting';
import { maskIdNumber, maskPhone } from '../../src/shared/personal-data';

/**
 * A tiny type-graphql hub of our own, to test authorization, personal-field masking and the
 * audit plugin through HTTP without the app (its wiring is tested once it lands).
 */
@ObjectType()
export class Person {
  @Field(() => ID)
  id!: number;

  @Field()
  name!: string;

  clearIdNumber!: string;
  clearPhone!: string;
}

export const PEOPLE: Person[] = [
  { id: 11, name: '张伟', clearIdNumber: '11011719800101123X', clearPhone: '13800138000' },
  { id: 12, name: '李娜', clearIdNumber: '110117199002021244', clearPhone: '13900139000' },
];

@Resolver(() => Person)
export class PeopleResolver {
  @Authorized(...RECORD_READERS)
  @Query(() => [Person])
  people(): Person[] {
    return PEOPLE;
  }

  @FieldResolver(() => String)
  @UseMiddleware(PersonalField<Person>({ entity: 'Talent', field: 'idNumber', mask: maskIdNumber, idOf: (p) => p.id }))
  idNumber(@Root() person: Person): string {
    return person.clearIdNumber;
  }

  @FieldResolver(() => String)
  @UseMiddleware(PersonalField<Person>({ entity: 'Talent', field: 'phone', mask: maskPhone, idOf: (p) => p.id }))
  phone(@Root() person: Person): string {
    return person.clearPhone;
  }
}

export interface TinyContext {
  viewer: Viewer;
  requestId: string;
  personalReads: PersonalReadLog;
}

export interface TinyHubOptions<TExtra> {
  verifier: TokenVerifier;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers?: Function[];
  plugins?: ApolloServerPlugin<TinyContext & TExtra>[];
  /** More context, built per request. */
  extend?: () => TExtra;
}

export async function createTinyHub<TExtra extends object = object>({ verifier, resolvers = [], plugins = [], extend }: TinyHubOptions<TExtra>) {
  const schema = await buildSchema({ resolvers: [PeopleResolver, ...resolvers] as NonEmptyArray<Function>, authChecker });
  const apollo = new ApolloServer<TinyContext & TExtra>({ schema, allowBatchedHttpRequests: true, formatError: createErrorFormatter(() => undefined), plugins });
  await apollo.start();
  const app = express();
  let requests = 0;
  let lastContext: (TinyContext & TExtra) | undefined;
  app.use(
    '/graphql',
    express.json(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const viewer = await authenticateRequest(req.headers.authorization, verifier);
        lastContext = { viewer, requestId: `http-${++requests}`, personalReads: new PersonalReadLog(), ...(extend?.() as TExtra) };
        return lastContext;
      },
    }),
  );
  return {
    apollo,
    app,
    lastContext: () => lastContext,
    post(body: unknown, authorization?: string) {
      const req = request(app).post('/graphql').set('content-type', 'application/json');
      if (authorization) req.set('authorization', authorization);
      return req.send(JSON.stringify(typeof body === 'string' ? { query: body } : body));
    },
  };
}
