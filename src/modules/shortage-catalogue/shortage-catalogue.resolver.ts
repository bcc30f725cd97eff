import { Max, Min, Length } from 'class-validator';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../context';
import { CATALOGUE_EDITORS, JOB_BOARD_READERS, seesExactAggregates } from '../../shared/auth/roles';
import { BadUserInputError } from '../../shared/errors';
import { parseId } from '../../shared/inputs';
import { FieldError } from '../../shared/writes/field-error';
import { Employer, loadEmployer } from '../organization/employer';
import { Industry } from '../organization/organization.enums';
import { Education, ProfessionalTitle } from '../talent/talent.enums';
import { ShortageCatalogue, ShortageCatalogueEntry } from './shortage-catalogue.entity';
import { ShortageCatalogueService } from './shortage-catalogue.service';

/** The years a catalogue may have: its column is a smallint, and the district's catalogues start long after 2000. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

@InputType({ description: 'A new entry of a year’s shortage catalogue' })
export class CatalogueEntryInput {
  @Field(() => Int) @Min(FIRST_YEAR) @Max(LAST_YEAR) year!: number;
  @Field(() => Industry) industry!: Industry;
  @Field({ description: '专业方向' }) @Length(1, 128) specialty!: string;
  @Field(() => Education) minEducation!: Education;
  @Field(() => ProfessionalTitle) minProfessionalTitle!: ProfessionalTitle;
  @Field(() => Int) @Min(1) @Max(10_000) headcount!: number;
  @Field(() => ID, { nullable: true, description: 'The employing organization, when the entry names one' }) organizationId?: string | null;
}

@ObjectType()
export class CatalogueEntryPayload {
  @Field(() => ShortageCatalogueEntry, { nullable: true, description: 'Null when the input was refused' }) entry!: ShortageCatalogueEntry | null;
  @Field(() => [FieldError], { description: 'Empty on success' }) errors!: FieldError[];
}

@Resolver(() => ShortageCatalogue)
export class ShortageCatalogueResolver {
  @Authorized(...JOB_BOARD_READERS)
  @Query(() => ShortageCatalogue, { nullable: true, description: '紧缺急需人才目录 of a year (the job board: every role); null when none was published' })
  shortageCatalogue(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<ShortageCatalogue | null> {
    if (year < FIRST_YEAR || year > LAST_YEAR) throw new BadUserInputError(`year must be from ${FIRST_YEAR} to ${LAST_YEAR}, got ${year}`, { argument: 'year' });
    return new ShortageCatalogueService(ctx.em).byYear(year);
  }

  @FieldResolver(() => [ShortageCatalogueEntry], { description: 'By industry and specialty' })
  entries(@Root() catalogue: ShortageCatalogue, @Ctx() ctx: RequestContext): Promise<ShortageCatalogueEntry[]> {
    return ctx.loaders.shortageCatalogue.entriesOf.load(catalogue.id);
  }

  @Authorized(...CATALOGUE_EDITORS)
  @Mutation(() => CatalogueEntryPayload, { description: 'ADMIN: add an entry to a year’s catalogue (the catalogue is created if the year has none)' })
  async createCatalogueEntry(@Arg('input', () => CatalogueEntryInput) input: CatalogueEntryInput, @Ctx() ctx: RequestContext): Promise<CatalogueEntryPayload> {
    const { organizationId, ...rest } = input;
    const { record, errors } = await new ShortageCatalogueService(ctx.em).createEntry({
      ...rest,
      organizationId: organizationId == null ? null : parseId(organizationId, 'organizationId'),
    });
    return { entry: record, errors };
  }
}

@Resolver(() => ShortageCatalogueEntry)
export class ShortageCatalogueEntryResolver {
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Talents recognised against the entry. Exact for callers who see exact aggregates (ANALYST, ADMIN); null for the others: a small count of named recognitions identifies people',
  })
  recognizedCount(@Root() entry: ShortageCatalogueEntry, @Ctx() ctx: RequestContext): Promise<number> | null {
    return seesExactAggregates(ctx.viewer.role) ? ctx.loaders.shortageCatalogue.recognizedCount.load(entry.id) : null;
  }

  @FieldResolver(() => Employer, { nullable: true, description: 'The employing organization, when the entry names one' })
  organization(@Root() entry: ShortageCatalogueEntry, @Ctx() ctx: RequestContext): Promise<Employer> | null {
    return entry.organization ? loadEmployer(ctx, entry.organization.id) : null;
  }
}
