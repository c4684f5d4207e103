/** Frontdoor's demo city: Portland, Oregon, and Multnomah County. */
import { departments } from './departments.ts';
import { districts } from './districts.ts';
import { withTranslations } from './helpers.ts';
import { jurisdictions } from './jurisdictions.ts';
import { routingRules } from './routing.ts';
import { serviceGroups } from './service-groups.ts';
import { services } from './services.ts';
import { departmentTranslations } from './translations/departments.ts';
import { communityServiceTranslations } from './translations/services-community.ts';
import { placeServiceTranslations } from './translations/services-places.ts';
import type { DemoCity } from './types.ts';

export const demoCity: DemoCity = {
  jurisdictions,
  // Names and descriptions in Vietnamese, Traditional Chinese and Russian come from translations/.
  departments: withTranslations(departments, (d) => d.id, departmentTranslations),
  serviceGroups,
  services: withTranslations(services, (s) => s.code, { ...placeServiceTranslations, ...communityServiceTranslations }),
  districts,
  routingRules,
};
