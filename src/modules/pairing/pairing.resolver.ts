import { Arg, Args, Authorized, Ctx, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { JOB_BOARD_READERS, seesExactAggregates } from '../../shared/auth/roles';
import { parseId } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { Employer, loadEmployer } from '../organization/employer';
import { Pairing } from './pairing.entity';
import { PairingFilter } from './pairing.inputs';
import { PairingReader } from './pairing.read';

@ObjectType()
export class PairingConnection extends Connection(Pairing, 'Pairing') {}

@Resolver(() => Pairing)
export class PairingResolver {
  @Authorized(...JOB_BOARD_READERS)
  @Query(() => PairingConnection, { description: '百校(企)兴百村(企) pairings, latest start first (every role: they are public)' })
  async pairings(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => PairingFilter, { nullable: true }) filter?: PairingFilter,
  ): Promise<PairingConnection> {
    const criteria = {
      startYears: filter?.startYears,
      partnerIds: filter?.partnerIds?.map((id) => parseId(id, 'partnerIds')),
      beneficiaryIds: filter?.beneficiaryIds?.map((id) => parseId(id, 'beneficiaryIds')),
    };
    return new PairingConnection(await new PairingReader(ctx.em).page(criteria, page, ctx.config.maxPageSize));
  }

  @FieldResolver(() => Employer, { description: 'The school, institute or enterprise that sends talents' })
  partner(@Root() pairing: Pairing, @Ctx() ctx: RequestContext): Promise<Employer> {
    return loadEmployer(ctx, pairing.partner.id);
  }

  @FieldResolver(() => Employer, { description: 'The village or enterprise it helps' })
  beneficiary(@Root() pairing: Pairing, @Ctx() ctx: RequestContext): Promise<Employer> {
    return loadEmployer(ctx, pairing.beneficiary.id);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Active talents it sent: exact for callers who see exact aggregates (ANALYST, ADMIN); null for the others, as a small count of people is not published',
  })
  async talentCount(@Root() pairing: Pairing, @Ctx() ctx: RequestContext): Promise<number | null> {
    return seesExactAggregates(ctx.viewer.role) ? ctx.loaders.pairing.talentCount.load(pairing.id) : null;
  }
}
