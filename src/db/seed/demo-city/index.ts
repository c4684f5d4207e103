/** Frontdoor's demo city: Portland, Oregon, and Multnomah County. */
import { departments } from './departments.ts';
import { districts } from './districts.ts';
import { jurisdictions } from './jurisdictions.ts';
import { routingRules } from './routing.ts';
import { serviceGroups } from './service-groups.ts';
import { services } from './services.ts';
import type { DemoCity } from './types.ts';

export const demoCity: DemoCity = {
  jurisdictions,
  departments,
  serviceGroups,
  services,
  districts,
  routingRules,
};
