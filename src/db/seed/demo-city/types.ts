/**
 * The shape of the demo city's data. The seed loader turns these plain objects into catalog rows;
 * keeping them as typed data (not SQL) lets the same data feed tests and benchmarks.
 */

/** Text in several locales. `en` is required; `es` is expected for everything residents see. */
export type LocalizedText = { en: string; es?: string; vi?: string; 'zh-Hant'?: string; ru?: string };

/** A closed ring of [longitude, latitude] pairs (WGS 84). The first point need not be repeated. */
export type Ring = Array<[lon: number, lat: number]>;

export interface SeedJurisdiction {
  id: string; // slug, e.g. 'portland'
  name: LocalizedText;
  timeZone: string; // IANA, e.g. 'America/Los_Angeles'
  trackingPrefix: string; // 2–5 capital letters, e.g. 'PDX'
  open311JurisdictionId: string; // e.g. 'portlandoregon.gov'
  boundary: Ring; // approximate outline of the jurisdiction
  /** Opening hours per ISO weekday (1 = Monday … 7 = Sunday), local time 'HH:MM'. */
  hours: Array<{ weekday: number; opens: string; closes: string }>;
  /** Local holidays in addition to the computed US federal holidays. */
  localHolidays: Array<{ date: string /* YYYY-MM-DD */; name: string }>;
  observesFederalHolidays: boolean;
  /** The jurisdiction used when a caller names none; at most one. */
  isDefault?: boolean;
}

export type AgencyKind = 'city' | 'county' | 'state' | 'transit' | '211' | '911' | 'other';

export interface SeedDepartment {
  id: string; // slug, e.g. 'pbot'
  jurisdictionId: string;
  /** 'department' = a bureau/office of the jurisdiction that works requests; 'agency' = outside body we refer to */
  kind: 'department' | 'agency';
  agencyKind: AgencyKind;
  acronym?: string;
  name: LocalizedText;
  description?: LocalizedText;
  phone?: string; // as dialled locally, e.g. '503-823-4000'
  email?: string;
  web?: string;
  hours?: LocalizedText; // human-readable opening hours
}

export interface SeedServiceGroup {
  code: string; // e.g. 'streets'
  name: LocalizedText;
}

export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

/** A per-service question, exactly as Open311 GeoReport v2 defines an attribute. */
export interface SeedAttribute {
  code: string; // machine code, e.g. 'VEHICLE_MAKE'
  datatype: AttributeDatatype;
  required: boolean;
  /** false = informational only (Open311 `variable=false`), no answer expected */
  variable?: boolean;
  description: LocalizedText; // the question shown to the resident
  datatypeDescription?: LocalizedText;
  order: number;
  values?: Array<{ key: string; name: LocalizedText }>; // for the two list datatypes only
}

export type Handling = 'resolve' | 'intake' | 'refer';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface SeedService {
  code: string; // Open311 service_code, unique in the jurisdiction, e.g. 'POTHOLE'
  jurisdictionId: string;
  name: LocalizedText;
  description: LocalizedText;
  group: string; // SeedServiceGroup.code
  keywords: string[]; // English search words and synonyms
  handling: Handling;
  /** intake: the department that works it; refer: the outside agency; resolve: the department that owns the answer */
  departmentId: string;
  /** For 'resolve' and 'refer': what the resident is told (the answer, or whom to contact and why). */
  answer?: LocalizedText;
  slaHours?: number; // target to resolve; omitted for resolve/refer services
  slaKind?: 'business' | 'calendar';
  defaultPriority: Priority;
  confidential: boolean; // e.g. ADA / Title VI complaints, police complaints
  /** Metres and days for duplicate detection; defaults 50 m / 30 days. Omit unless the service differs. */
  duplicateRadiusMeters?: number;
  duplicateWindowDays?: number;
  attributes: SeedAttribute[];
}

export interface SeedDistrict {
  id: string; // e.g. 'district-1'
  jurisdictionId: string;
  kind: 'council_district' | 'neighborhood_coalition';
  name: LocalizedText;
  population?: number;
  area: Ring;
  approximate: true; // the shapes are simplified outlines, not survey boundaries
}

/** Pick a department by service and geography; the most specific active rule with the lowest priority number wins. */
export interface SeedRoutingRule {
  jurisdictionId: string;
  serviceCode?: string; // omit = any service
  districtId?: string; // omit = anywhere
  departmentId: string;
  priority: number;
  description: string;
}

export interface DemoCity {
  jurisdictions: SeedJurisdiction[];
  departments: SeedDepartment[];
  serviceGroups: SeedServiceGroup[];
  services: SeedService[];
  districts: SeedDistrict[];
  routingRules: SeedRoutingRule[];
}
