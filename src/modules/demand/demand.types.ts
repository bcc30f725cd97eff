import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../../shared/pagination/connection';
import { FieldError } from '../../shared/writes/field-error';
import { ChallengeBid, Demand } from './demand.entity';

@ObjectType()
export class DemandConnection extends Connection(Demand, 'Demand') {}

@ObjectType()
export class DemandPayload {
  @Field(() => Demand, { nullable: true, description: 'Null when the input was refused' }) demand!: Demand | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}

@ObjectType()
export class ChallengeBidPayload {
  @Field(() => ChallengeBid, { nullable: true, description: 'Null when the input was refused' }) bid!: ChallengeBid | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}
