import { benchToken, graphql, measure, ms, perSecond, type BenchContext } from './harness';

/** The analysts' TalentSearch (analyst.graphql): a filtered page with every nested field. */
export const TALENT_SEARCH = `query TalentSearch($filter: TalentFilter, $orderBy: [TalentOrder!], $first: Int, $after: String) {
  talents(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id name gender birthYear education professionalTitle talentType tier industry engagement overseasExperience introducedAt idNumber phone
        organization { id name kind industry town { code name } }
        platforms { id name type level }
        awards { id program amount year }
      }
    }
  }
}`;

export const FILTERS = [
  {},
  { tiers: ['SHORTAGE', 'YOUTH'] },
  { orgKinds: ['ENTERPRISE'], educations: ['MASTER', 'DOCTORATE'] },
  { townCodes: ['110117004000'], industries: ['DRONE'] },
];

/**
 * Issue 2's figure: TalentSearch with first: 50 on the seeded register, as an ANALYST (personal
 * fields decrypted and masked), newest introductions first.
 */
export async function runTalentBench({ baseUrl, requests, concurrency, log }: BenchContext): Promise<void> {
  const authorization = `Bearer ${await benchToken('ANALYST')}`;
  const search = graphql(
    baseUrl,
    TALENT_SEARCH,
    (i) => ({ filter: FILTERS[i % FILTERS.length], orderBy: [{ field: 'INTRODUCED_AT', direction: 'DESC' }], first: 50 }),
    { authorization },
  );
  const [stats] = await measure(requests, concurrency, [search]);
  log('TalentSearch, first: 50, as ANALYST (four filters in turn)');
  log(`  median ${ms(stats.median)} ms   p95 ${ms(stats.p95)} ms   ${perSecond(stats.perSecond)} req/s`);
}
