/** Routing rules that show geography matters: the most specific active rule with the lowest priority number wins. */
import { PORTLAND } from './helpers.ts';
import type { SeedRoutingRule } from './types.ts';

export const routingRules: SeedRoutingRule[] = [
  {
    jurisdictionId: PORTLAND,
    serviceCode: 'TREE_ISSUE',
    districtId: 'district-4',
    departmentId: 'urban-forestry-west',
    priority: 10,
    description: 'Tree problems west of the Willamette (District 4: West Hills, Forest Park edge) go to the Urban Forestry west-side crew.',
  },
  {
    jurisdictionId: PORTLAND,
    serviceCode: 'TREE_ISSUE',
    departmentId: 'urban-forestry',
    priority: 100,
    description: 'Tree problems anywhere else in the city go to Urban Forestry citywide.',
  },
  ...[1, 2, 3, 4].map(
    (n): SeedRoutingRule => ({
      jurisdictionId: PORTLAND,
      serviceCode: 'COUNCIL_CONTACT',
      districtId: `district-${n}`,
      departmentId: `council-district-${n}`,
      priority: 10,
      description: `Messages to councilors from a location in District ${n} go to the three District ${n} council offices.`,
    }),
  ),
];
