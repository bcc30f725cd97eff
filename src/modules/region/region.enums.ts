import { registerEnumType } from 'type-graphql';

/** Administrative levels of the district's statistical division codes. */
export enum RegionLevel {
  DISTRICT = 'DISTRICT',
  TOWN = 'TOWN',
  VILLAGE = 'VILLAGE',
}

registerEnumType(RegionLevel, { name: 'RegionLevel', description: 'District → street/town → village or community' });
