import type { ColumnType, Generated } from 'kysely';

/** Kysely types of the gazetteer (migration 0019). schema.ts folds them into Database. */

export interface AddressPointsTable {
  id: Generated<number>;
  address_key: string;
  number: string;
  street: string;
  unit: Generated<string>;
  city: Generated<string>;
  region: Generated<string>;
  postcode: Generated<string>;
  place_name: Generated<string>;
  label: string;
  search_label: string;
  /** PostgreSQL point text '(lon,lat)'. */
  location: string;
  district_ids: Generated<string[]>;
  source: string;
  source_id: string | null;
  approximate: Generated<boolean>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface GeoTables {
  address_points: AddressPointsTable;
}
