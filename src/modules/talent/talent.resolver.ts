import { Arg, Args, Authorized, Ctx, FieldResolver, ID, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { RequestContext } from '../../context';
import { parseId, sortDirection } from '../../shared/inputs';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { PersonalField } from '../../shared/auth/personal-field';
import { AUDIT_READERS, RECORD_READERS } from '../../shared/auth/roles';
import { maskIdNumber, maskPhone } from '../../shared/personal-data';
import { decryptPersonal } from '../../shared/pii/personal-data-cipher';
import { analyticsFor } from '../analytics/analytics.factory';
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

/** totalCount comes from the analytics summaries wherever they can express the filter. */
const service = (ctx: RequestContext) => new TalentService(ctx.em, ctx.config.maxPageSize, (criteria) => analyticsFor(ctx).talentCount(criteria));

@Resolver(() => Talent)
@Authorized(...RECORD_READERS)
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

  @Query(() => Talent, { description: 'ADMIN: the talent with this 居民身份证号码, found through its keyed hash' })
  @Authorized(...AUDIT_READERS)
  talentByIdNumber(@Arg('idNumber') idNumber: string, @Ctx() ctx: RequestContext): Promise<Talent> {
    return service(ctx).byIdNumber(idNumber, ctx.keyring);
  }

  @FieldResolver(() => String, { description: '居民身份证号码: masked for ANALYST (110117********123X), in clear and audited for ADMIN' })
  @UseMiddleware(PersonalField<Talent>({ entity: 'Talent', field: 'idNumber', mask: maskIdNumber, idOf: (t) => t.id }))
  idNumber(@Root() talent: Talent, @Ctx() ctx: RequestContext): string {
    return decryptPersonal(ctx.keyring, 'idNumber', talent.idNumberCipher);
  }

  @FieldResolver(() => String, { description: 'Mobile number: masked for ANALYST (138****5678), in clear and audited for ADMIN' })
  @UseMiddleware(PersonalField<Talent>({ entity: 'Talent', field: 'phone', mask: maskPhone, idOf: (t) => t.id }))
  phone(@Root() talent: Talent, @Ctx() ctx: RequestContext): string {
    return decryptPersonal(ctx.keyring, 'phone', talent.phoneCipher);
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
