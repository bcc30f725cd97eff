import { Arg, Args, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { parseId, sortDirection } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { maskIdNumber, maskPhone } from '../../shared/personal-data';
import { Award } from '../award/award.entity';
import { Organization } from '../organization/organization.entity';
import { Platform } from '../platform/platform.entity';
import { Talent } from './talent.entity';
import { TalentFilter, TalentOrder, TalentOrderField, toTalentCriteria } from './talent.inputs';
import { TalentService, type TalentSortField } from './talent.service';

@ObjectType()
export class TalentConnection extends Connection(Talent, 'Talent') {}

const SORT_FIELDS: Record<TalentOrderField, TalentSortField> = {
  [TalentOrderField.ID]: 'id',
  [TalentOrderField.NAME]: 'name',
  [TalentOrderField.INTRODUCED_AT]: 'introducedAt',
  [TalentOrderField.BIRTH_YEAR]: 'birthYear',
};

const service = (ctx: RequestContext) => new TalentService(ctx.em, ctx.config.maxPageSize);

@Resolver(() => Talent)
export class TalentResolver {
  @Query(() => TalentConnection, { description: 'The talent register, filtered and ordered; ties broken by id' })
  async talents(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TalentFilter, { nullable: true }) filter?: TalentFilter,
    @Arg('orderBy', () => [TalentOrder], { nullable: true, description: 'Default: introducedAt descending' }) orderBy?: TalentOrder[],
  ): Promise<TalentConnection> {
    const sort = orderBy?.map((o) => ({ field: SORT_FIELDS[o.field], direction: sortDirection(o.direction) }));
    return new TalentConnection(await service(ctx).list(toTalentCriteria(filter), sort, page));
  }

  @Query(() => Talent)
  talent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Talent> {
    return service(ctx).byId(parseId(id));
  }

  @FieldResolver(() => String, { description: '居民身份证号码, masked (110117********123X)' })
  idNumber(@Root() talent: Talent): string {
    return maskIdNumber(talent.idNumber);
  }

  @FieldResolver(() => String, { description: 'Mobile number, masked (138****5678)' })
  phone(@Root() talent: Talent): string {
    return maskPhone(talent.phone);
  }

  @FieldResolver(() => Organization, { description: 'The employer' })
  async organization(@Root() talent: Talent, @Ctx() ctx: RequestContext): Promise<Organization> {
    return (await ctx.loaders.organization.byId.load(talent.organization.id))!;
  }

  @FieldResolver(() => [Platform], { description: 'Platforms the talent works on' })
  async platforms(@Root() talent: Talent, @Ctx() ctx: RequestContext): Promise<Platform[]> {
    const memberships = await ctx.loaders.platform.ofTalent.load(talent.id);
    return memberships.map((m) => m.platform);
  }

  @FieldResolver(() => [Award], { description: 'Awards and grants to the talent, newest first' })
  awards(@Root() talent: Talent, @Ctx() ctx: RequestContext): Promise<Award[]> {
    return ctx.loaders.award.ofTalent.load(talent.id);
  }
}
