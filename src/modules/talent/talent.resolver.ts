import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { RequestContext } from '../../context';
import { parseId, sortDirection } from '../../shared/inputs';
import { selectedFieldNames } from '../../shared/selection';
import { Connection, ConnectionArgs } from '../../shared/pagination/connection';
import { PersonalField } from '../../shared/auth/personal-field';
import { talentScope } from '../../shared/auth/organization-scope';
import { AUDIT_READERS, canReadRecords, RECORD_READERS, TALENT_READERS } from '../../shared/auth/roles';
import { maskIdNumber, maskPhone } from '../../shared/personal-data';
import { decryptPersonal } from '../../shared/pii/personal-data-cipher';
import { Organization } from '../organization/organization.entity';
import type { OrganizationView } from '../organization/organization.view';
import { Talent } from './talent.entity';
import type { TalentView } from './talent.view';
import { TalentFilter, TalentOrder, TalentOrderField, toTalentCriteria } from './talent.inputs';
import { checkTalentScope, scopedCriteria } from './talent.scope';
import { TalentService, type TalentSortField } from './talent.service';

@ObjectType()
export class TalentConnection extends Connection<Talent, TalentView>(Talent, 'Talent') {}

const SORT_FIELDS: Record<TalentOrderField, TalentSortField> = {
  [TalentOrderField.ID]: 'id',
  [TalentOrderField.NAME]: 'name',
  [TalentOrderField.INTRODUCED_AT]: 'introducedAt',
  [TalentOrderField.BIRTH_YEAR]: 'birthYear',
};

/** totalCount comes from the analytics summaries wherever they can express the filter. */
const service = (ctx: RequestContext) => new TalentService(ctx.em, ctx.config.maxPageSize, ctx.talentSummaryCount);

/**
 * A page's nested rows (employers with their towns, platforms, awards), loaded for the whole page
 * before its fields resolve, each only if the query selects it and the caller's role may read it
 * (as the field's `@Authorized` says: here for organization, RECORD_READERS in platform.links.ts
 * and award.links.ts): the same loaders and statements as when the fields ask, but each field
 * then finds its value settled (`settledOrLoad`) and resolves without a promise per row. Only
 * the context's loaders are used: no import of those features.
 */
function prefetchNested(ctx: RequestContext, talents: readonly TalentView[], selected: Set<string>): Promise<unknown> {
  const ids = talents.map((t) => t.id);
  const readsRecords = canReadRecords(ctx.viewer.role);
  return Promise.all([
    selected.has('organization') && ctx.loaders.organization.byId.loadMany([...new Set(talents.map((t) => t.organization.id))]),
    selected.has('platforms') && readsRecords && ctx.loaders.platform.ofTalent.loadMany(ids),
    selected.has('awards') && readsRecords && ctx.loaders.award.ofTalent.loadMany(ids),
  ]);
}

/**
 * Record readers see the register; ORG_MANAGER (TALENT_READERS) reaches only `talents`, `talent`
 * and the fields marked with TALENT_READERS, for its own organization. Anything without its own
 * `@Authorized` stays RECORD_READERS.
 */
@Resolver(() => Talent)
@Authorized(...RECORD_READERS)
export class TalentResolver {
  @Query(() => TalentConnection, { description: 'The talent register, filtered and ordered; ties broken by id. ORG_MANAGER: its own organization only' })
  @Authorized(...TALENT_READERS)
  async talents(
    @Args() page: ConnectionArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => TalentFilter, { nullable: true }) filter?: TalentFilter,
    @Arg('orderBy', () => [TalentOrder], { nullable: true, description: 'Default: introducedAt descending' }) orderBy?: TalentOrder[],
  ): Promise<TalentConnection> {
    const sort = orderBy?.map((o) => ({ field: SORT_FIELDS[o.field], direction: sortDirection(o.direction) }));
    const criteria = scopedCriteria(toTalentCriteria(filter), talentScope(ctx.viewer, 'read'));
    const found = await service(ctx).list(criteria, sort, page);
    await prefetchNested(ctx, found.nodes, selectedFieldNames(info, ['edges', 'node']));
    return new TalentConnection(found);
  }

  @Query(() => Talent, { description: 'ORG_MANAGER: a talent of its own organization only (FORBIDDEN otherwise)' })
  @Authorized(...TALENT_READERS)
  async talent(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Talent> {
    const talentId = parseId(id);
    await checkTalentScope(ctx.em, talentScope(ctx.viewer, 'read'), { talentId });
    return service(ctx).byId(talentId);
  }

  @Query(() => Talent, { description: 'ADMIN: the talent with this 居民身份证号码, found through its keyed hash' })
  @Authorized(...AUDIT_READERS)
  talentByIdNumber(@Arg('idNumber') idNumber: string, @Ctx() ctx: RequestContext): Promise<Talent> {
    return service(ctx).byIdNumber(idNumber, ctx.keyring);
  }

  @FieldResolver(() => String, { description: '居民身份证号码: masked for ANALYST and ORG_MANAGER (110117********123X), in clear and audited for ADMIN' })
  @Authorized(...TALENT_READERS)
  @UseMiddleware(PersonalField<TalentView>({ entity: 'Talent', field: 'idNumber', mask: maskIdNumber, idOf: (t) => t.id }))
  idNumber(@Root() talent: TalentView, @Ctx() ctx: RequestContext): string {
    return decryptPersonal(ctx.keyring, 'idNumber', talent.idNumberCipher);
  }

  @FieldResolver(() => String, { description: 'Mobile number: masked for ANALYST and ORG_MANAGER (138****5678), in clear and audited for ADMIN' })
  @Authorized(...TALENT_READERS)
  @UseMiddleware(PersonalField<TalentView>({ entity: 'Talent', field: 'phone', mask: maskPhone, idOf: (t) => t.id }))
  phone(@Root() talent: TalentView, @Ctx() ctx: RequestContext): string {
    return decryptPersonal(ctx.keyring, 'phone', talent.phoneCipher);
  }

  @FieldResolver(() => Organization, { description: 'The employer' })
  @Authorized(...TALENT_READERS)
  organization(@Root() talent: TalentView, @Ctx() ctx: RequestContext): OrganizationView | null | Promise<OrganizationView | null> {
    return ctx.loaders.organization.byId.settledOrLoad(talent.organization.id);
  }
}
