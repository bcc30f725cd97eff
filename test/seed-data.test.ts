import { AWARD_PROGRAMS, AwardProgram } from '../src/modules/award/award.enums';
import { OrgKind } from '../src/modules/organization/organization.enums';
import { PlatformLevel, PlatformType } from '../src/modules/platform/platform.enums';
import { SERVICE_SUBCATEGORIES, ServiceCategory } from '../src/modules/service-map/service-map.enums';
import { Gender } from '../src/modules/talent/talent.enums';
import { idNumberCheckChar, isValidIdNumber, parseIdNumber } from '../src/shared/validation/gb11643';
import { creditCodeCheckChar, isValidCreditCode, organizationCodeCheckChar } from '../src/shared/validation/gb32100';
import { generateAwards, maxAwardAmount } from '../seeds/generators/awards';
import { generateOrganizations, organizationCount } from '../seeds/generators/organizations';
import { generateMemberships, generatePlatforms, platformCount } from '../seeds/generators/platforms';
import { generateRegions } from '../seeds/generators/regions';
import { generateCatalogues, generateDemands, generatePairings } from '../seeds/generators/demand-side';
import { eventsByYear, generateRecruitmentEvents, recruitmentChannelFor } from '../seeds/generators/recruitment';
import { kindRules } from '../src/modules/demand/demand.write';
import { generateServicePoints } from '../seeds/generators/service-points';
import { chineseNumber } from '../seeds/generators/text';
import { TalentGenerator, TalentRegister, type TalentRow } from '../seeds/generators/talents';
import { Rng } from '../seeds/random';
import { DISTRICT_BOUNDS } from '../seeds/reference/regions';

// Pure tests of the seed's generators and the checksum functions: no database.

function talents(organizations: ReturnType<typeof generateOrganizations>, n: number): TalentRow[] {
  const generator = new TalentGenerator(organizations);
  return Array.from({ length: n }, () => generator.next());
}

function inDistrict(p: { latitude: number; longitude: number }): boolean {
  return p.latitude > DISTRICT_BOUNDS.minLat && p.latitude < DISTRICT_BOUNDS.maxLat && p.longitude > DISTRICT_BOUNDS.minLng && p.longitude < DISTRICT_BOUNDS.maxLng;
}

const regions = generateRegions();
const organizations = generateOrganizations(organizationCount(5000), regions);
const register = new TalentRegister(5000);
const rows = talents(organizations, 5000);
rows.forEach((t) => register.record(t));

describe('GB 11643 ID numbers', () => {
  it('computes the check character of the standard example', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('rejects a wrong check character, a lower-case x, an impossible or future birth date and bad shapes', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    const feb30 = '11011719900230001';
    expect(isValidIdNumber(feb30 + idNumberCheckChar(feb30))).toBe(false);
    const future = '11011720990101001';
    expect(isValidIdNumber(future + idNumberCheckChar(future), new Date('2026-01-01'))).toBe(false);
    const leap = '11011720000229001';
    expect(isValidIdNumber(leap + idNumberCheckChar(leap))).toBe(true);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
    expect(() => idNumberCheckChar('1101051949123100A')).toThrow(RangeError);
  });

  it('reads the sex from the parity of the sequence', () => {
    expect(parseIdNumber('11010519491231002X')?.gender).toBe('FEMALE');
    const male = '11011719850101001';
    expect(parseIdNumber(male + idNumberCheckChar(male))?.gender).toBe('MALE');
  });
});

describe('GB 32100 credit codes', () => {
  it('accepts real codes and their GB 11714 organization-code check characters', () => {
    for (const code of ['91350100M000100Y43', '914403001922038216', '91330100716105852F', '9144030071526726XG']) {
      expect(isValidCreditCode(code)).toBe(true);
      expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
      expect(organizationCodeCheckChar(code.slice(8, 16))).toBe(code[16]);
    }
  });

  it('rejects a changed character, letters outside the set and wrong lengths', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100I43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(() => creditCodeCheckChar('91350100M000100O4')).toThrow(RangeError);
  });
});

describe('seed generators', () => {
  it('draw the same numbers from the same stream and different ones from others', () => {
    const a = Rng.for('talent', 7);
    const b = Rng.for('talent', 7);
    const c = Rng.for('talent', 8);
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    expect(seq(a)).toEqual(seq(b));
    expect(seq(Rng.for('talent', 7))).not.toEqual(seq(c));
  });

  it('write Chinese ordinals', () => {
    expect([1, 10, 12, 20, 35, 100, 108, 110, 1005].map(chineseNumber)).toEqual(['一', '十', '十二', '二十', '三十五', '一百', '一百零八', '一百一十', '一千零五']);
  });

  it('build the district, its 18 streets and towns and 273 villages with unique codes and names', () => {
    const villages = regions.villages.filter((v) => !v.isCommunity);
    expect(regions.rows.filter((r) => r.level === 'TOWN')).toHaveLength(18);
    expect(villages).toHaveLength(273);
    expect(new Set(regions.rows.map((r) => r.code)).size).toBe(regions.rows.length);
    expect(new Set(regions.villages.map((v) => v.name)).size).toBe(regions.villages.length);
    for (const v of regions.villages) {
      expect(v.code.slice(0, 9)).toBe(v.parentCode!.slice(0, 9));
      expect(v.code).toMatch(v.isCommunity ? /^\d{9}0\d\d$/ : /^\d{9}2\d\d$/);
      expect(inDistrict(v)).toBe(true);
    }
  });

  it('give a larger seed the same first organizations and talents as a smaller one', () => {
    const small = generateOrganizations(organizationCount(1000), regions);
    const large = generateOrganizations(organizationCount(30_000), regions);
    expect(large.slice(0, small.length)).toEqual(small);
    expect(talents(large, 3000)).toEqual(talents(small, 3000));
    expect(generateServicePoints(100, regions)).toEqual(generateServicePoints(300, regions).slice(0, 100));
  });

  it('keep platforms, their members and the honours when a register of 20,000 grows', () => {
    const build = (n: number) => {
      const orgs = generateOrganizations(organizationCount(n), regions);
      const reg = new TalentRegister(n);
      talents(orgs, n).forEach((t) => reg.record(t));
      const platforms = generatePlatforms(platformCount(n), orgs, regions);
      const honours = generateAwards(orgs, reg, platforms).filter((a) => AWARD_PROGRAMS[a.program].cap === null);
      return { platforms, members: generateMemberships(platforms, orgs, reg), honours };
    };
    const small = build(20_000);
    const large = build(26_000);
    expect(large.platforms.length).toBeGreaterThan(small.platforms.length);
    expect(large.platforms.slice(0, small.platforms.length)).toEqual(small.platforms);
    expect(large.members.filter((m) => m.platformId <= small.platforms.length)).toEqual(small.members);
    expect(large.honours).toEqual(small.honours);
  });

  it('issue unique, valid credit codes (none to some village collectives) and place every organization in the district', () => {
    const codes = organizations.map((o) => o.creditCode).filter((c): c is string => c !== null);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every(isValidCreditCode)).toBe(true);
    expect(organizations.filter((o) => o.creditCode === null).every((o) => o.kind === OrgKind.VILLAGE)).toBe(true);
    expect(new Set(organizations.map((o) => o.kind))).toEqual(new Set(Object.values(OrgKind)));
    expect(new Set(organizations.map((o) => o.name)).size).toBe(organizations.length);
    expect(organizations.every(inDistrict)).toBe(true);
  });

  it('issue valid, unique ID numbers matching birth year and sex', () => {
    expect(new Set(rows.map((t) => t.idNumber)).size).toBe(rows.length);
    const wrong = rows.filter((t) => {
      const parsed = parseIdNumber(t.idNumber);
      const age = 2025 - t.birthYear;
      return (
        !parsed ||
        parsed.areaCode !== '110117' ||
        parsed.birthYear !== t.birthYear ||
        parsed.gender !== (t.gender === Gender.MALE ? 'MALE' : 'FEMALE') ||
        !/^1[3-9]\d{9}$/.test(t.phone) ||
        age < 22 ||
        age > 65 ||
        t.introducedAt < '2010-01-01' ||
        t.introducedAt > '2025-12-31'
      );
    });
    expect(wrong).toEqual([]);
    const untiered = rows.filter((t) => t.tier === null).length / rows.length;
    expect(untiered).toBeGreaterThan(0.92);
    expect(untiered).toBeLessThan(0.97);
  });

  it('create every platform type and level, and members only from the register', () => {
    const platforms = generatePlatforms(platformCount(5000), organizations, regions);
    expect(new Set(platforms.map((p) => p.type))).toEqual(new Set(Object.values(PlatformType)));
    expect(new Set(platforms.map((p) => p.level))).toEqual(new Set(Object.values(PlatformLevel)));
    expect(platforms.every(inDistrict)).toBe(true);
    const members = generateMemberships(platforms, organizations, register);
    expect(members.every((m) => m.talentId >= 1 && m.talentId <= 5000)).toBe(true);
    expect(new Set(members.map((m) => `${m.platformId}/${m.talentId}`)).size).toBe(members.length);
  });

  it('keep awards within their caps, once per recipient, programme and year', () => {
    const platforms = generatePlatforms(platformCount(5000), organizations, regions);
    const awards = generateAwards(organizations, register, platforms);
    expect(new Set(awards.map((a) => a.program))).toEqual(new Set(Object.values(AwardProgram)));
    const keys = new Set<string>();
    for (const a of awards) {
      expect(a.amount).toMatch(/^\d+\.\d\d$/);
      const amount = Number(a.amount);
      if (AWARD_PROGRAMS[a.program].cap === null) expect(amount).toBe(0);
      else expect(amount).toBeLessThanOrEqual(maxAwardAmount(a.program));
      expect(a.year).toBeGreaterThanOrEqual(2021);
      expect(a.year).toBeLessThanOrEqual(2025);
      keys.add(`${a.program}|${a.recipientKind}|${a.talentId ?? a.organizationId ?? a.platformId}|${a.year}`);
      if (a.program === AwardProgram.IPO_REWARD) expect(organizations[a.organizationId! - 1].kind).toBe(OrgKind.ENTERPRISE);
    }
    expect(keys.size).toBe(awards.length);
  });

  it('cover every service subcategory and town, with a talent-card note on all housing', () => {
    const points = generateServicePoints(3000, regions);
    for (const [category, subs] of Object.entries(SERVICE_SUBCATEGORIES)) {
      for (const code of Object.keys(subs)) expect(points.some((p) => p.category === category && p.subcategory === code)).toBe(true);
    }
    expect(new Set(points.map((p) => p.townCode)).size).toBe(18);
    expect(points.filter((p) => p.category === ServiceCategory.HOUSING).every((p) => p.talentCardBenefit)).toBe(true);
    expect(points.every(inDistrict)).toBe(true);
  });
});

describe('demand-side generators (issue 14)', () => {
  const regions = generateRegions();
  const small = generateOrganizations(organizationCount(4_000), regions);
  const large = generateOrganizations(organizationCount(200_000), regions);

  it('write the same catalogues, demands, events and pairings for a small register as for a large one', () => {
    const rows = (orgs: typeof small) => {
      const { catalogues, entries } = generateCatalogues(orgs);
      return { catalogues, entries, demands: generateDemands(orgs, catalogues, entries), pairings: generatePairings(orgs), events: generateRecruitmentEvents(orgs) };
    };
    expect(JSON.stringify(rows(small))).toEqual(JSON.stringify(rows(large)));
  });

  it('give every demand its kind’s fields, as the table’s check wants, and cite only entries of its own year', () => {
    const { catalogues, entries } = generateCatalogues(small);
    const { demands, events } = generateDemands(small, catalogues, entries);
    const yearOfEntry = new Map(entries.map((e) => [e.id, catalogues.find((c) => c.id === e.catalogueId)!.year]));
    for (const d of demands) {
      expect(kindRules(d)).toEqual([]);
      if (d.catalogueEntryId) expect(yearOfEntry.get(d.catalogueEntryId)).toBe(Number(d.postedAt.slice(0, 4)));
    }
    expect(events.filter((e) => e.fromStatus === null)).toHaveLength(demands.length);
    expect(new Set(demands.map((d) => d.kind))).toEqual(new Set(['POSITION', 'EXPERT_SERVICE', 'CHALLENGE']));
  });

  it('draw a talent’s channel from its own facts only: the same facts, the same channel; event talents get an event of their year', () => {
    const events = generateRecruitmentEvents(small);
    const byYear = eventsByYear(events);
    expect(new Set(events.map((e) => `${e.name}|${e.heldOn}`)).size).toBe(events.length);
    const generator = new TalentGenerator(small);
    const kindOf = new Map(small.map((o) => [o.id, o.kind] as const));
    for (let i = 0; i < 2_000; i++) {
      const row = generator.next();
      const facts = { ...row, kind: kindOf.get(row.organizationId)! };
      const channel = recruitmentChannelFor(facts, byYear);
      expect(recruitmentChannelFor(facts, byYear)).toEqual(channel);
      if (channel.recruitmentEventId !== null) {
        expect(channel.recruitmentChannel).toBe('RECRUITMENT_EVENT');
        expect(events[channel.recruitmentEventId - 1].heldOn.slice(0, 4)).toBe(row.introducedAt.slice(0, 4));
      }
    }
  });
});
