import { IsInt, IsOptional, Length, Max, Min } from 'class-validator';
import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { WRITERS } from '../../shared/auth/roles';
import { BadUserInputError } from '../../shared/errors';
import { parseId } from '../../shared/inputs';
import { DecimalScalar } from '../../shared/scalars';
import { Award } from './award.entity';
import { AwardProgram, RecipientKind } from './award.enums';
import { AwardGrantService, type GrantCommand } from './award.grant';

@InputType({ description: 'Exactly one of talentId, organizationId, platformId' })
export class RecipientInput {
  @Field(() => ID, { nullable: true }) talentId?: string;
  @Field(() => ID, { nullable: true }) organizationId?: string;
  @Field(() => ID, { nullable: true }) platformId?: string;
}

@InputType({ description: 'A grant under the funding rules (docs/funding.md)' })
export class GrantAwardInput {
  @Field(() => AwardProgram) program!: AwardProgram;
  @Field(() => RecipientInput) recipient!: RecipientInput;
  @Field(() => DecimalScalar, { description: '元, exact; 0 for honours' }) amount!: string;
  @Field(() => Int) @IsInt() @Min(2000) @Max(2100) year!: number;
  @Field(() => Int, { nullable: true, description: 'Month 1-12 of a monthly grant (FLEXIBLE_LIVING_ALLOWANCE); omit for a yearly grant' })
  @IsOptional() @IsInt() @Min(1) @Max(12) month?: number | null;
  @Field({ description: "事项: a short key naming what is funded, e.g. 'relocation', 'startup:<project>'" }) @Length(1, 200) matter!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(0, 1000) note?: string | null;
}

/** The recipient of a grant or an application: exactly one id. */
export function toRecipient(input: RecipientInput): GrantCommand['recipient'] {
  const given = (
    [
      [RecipientKind.TALENT, input.talentId, 'talentId'],
      [RecipientKind.ORGANIZATION, input.organizationId, 'organizationId'],
      [RecipientKind.PLATFORM, input.platformId, 'platformId'],
    ] as const
  ).filter(([, id]) => id != null);
  if (given.length !== 1) throw new BadUserInputError('recipient must give exactly one of talentId, organizationId, platformId', { argument: 'recipient' });
  const [[kind, id, argument]] = given;
  return { kind, id: parseId(id!, argument) };
}

@Resolver(() => Award)
@Authorized(...WRITERS)
export class AwardMutationResolver {
  @Mutation(() => Award, { description: 'Grant an award under the plan’s rules: caps, eligibility, 奖励资助不重复 (ADMIN)' })
  grantAward(@Arg('input', () => GrantAwardInput) input: GrantAwardInput, @Ctx() ctx: RequestContext): Promise<Award> {
    return new AwardGrantService(ctx.em).grant({
      program: input.program,
      recipient: toRecipient(input.recipient),
      amount: input.amount,
      year: input.year,
      month: input.month ?? null,
      matter: input.matter,
      note: input.note ?? null,
    });
  }

  @Mutation(() => Award, { description: 'Revoke a (mistaken) award: status REVOKED; its matter may be funded again (ADMIN)' })
  revokeAward(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<Award> {
    return new AwardGrantService(ctx.em).revoke(parseId(id), reason);
  }
}
