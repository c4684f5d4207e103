import { MULTNOMAH_BOUNDARY, PORTLAND_BOUNDARY } from './geography.ts';
import { MULTNOMAH, PORTLAND, tx } from './helpers.ts';
import type { SeedJurisdiction } from './types.ts';

/**
 * Monday–Friday, 8 a.m.–5 p.m.: the hours of the City/County Information & Referral line and of the
 * Portland Building Customer Service Desk ("excluding federal holidays"), per the 311 Implementation
 * Plan (2018) and the 311 Program update to Council (November 2020).
 */
const WEEKDAYS_8_TO_5: SeedJurisdiction['hours'] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' }));

export const jurisdictions: SeedJurisdiction[] = [
  {
    id: PORTLAND,
    name: tx('City of Portland', 'Ciudad de Portland', ['Thành phố Portland', '波特蘭市', 'Город Портленд']),
    timeZone: 'America/Los_Angeles',
    trackingPrefix: 'PDX',
    open311JurisdictionId: 'portlandoregon.gov',
    boundary: PORTLAND_BOUNDARY,
    hours: WEEKDAYS_8_TO_5,
    // The source documents name no City closures beyond federal holidays.
    localHolidays: [],
    observesFederalHolidays: true,
    // Requests that name no jurisdiction (the portal, most Open311 clients) belong to the City.
    isDefault: true,
  },
  {
    id: MULTNOMAH,
    name: tx('Multnomah County', 'Condado de Multnomah', ['Quận Multnomah', '摩特諾瑪郡', 'Округ Малтнома']),
    timeZone: 'America/Los_Angeles',
    trackingPrefix: 'MC',
    open311JurisdictionId: 'multco.us',
    boundary: MULTNOMAH_BOUNDARY,
    hours: WEEKDAYS_8_TO_5,
    localHolidays: [],
    observesFederalHolidays: true,
  },
];
