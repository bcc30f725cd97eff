import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../shared/pagination/connection';
import { Application } from './application.entity';

@ObjectType()
export class ApplicationConnection extends Connection(Application, 'Application') {}

@ObjectType({ description: 'Applications counted by status and/or programme' })
export class ApplicationBucket {
  @Field(() => [String], { description: 'One value per requested dimension, in order' }) keys!: string[];
  @Field(() => Int) count!: number;
}
