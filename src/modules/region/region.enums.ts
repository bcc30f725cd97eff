import { registerEnumType } from 'type-graphql';

/** Administrative levels of the district's statistical division codes. */
export enum RegionLevel {
  DISTRICT = 'DISTRICT',
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
}

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  [RegionLevel.DISTRICT]: '区',
  [RegionLevel.TOWN]: '街道、乡镇',
  [RegionLevel.VILLAGE]: '村、社区',
};

registerEnumType(RegionLevel, { name: 'RegionLevel', description: 'District → street/town → village or community' });
