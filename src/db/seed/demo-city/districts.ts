/**
 * Portland's four geographic council districts (in effect since January 2025, three councilors each)
 * and its seven neighborhood coalition areas. All shapes are simplified and approximate; see
 * geography.ts for how they were drawn. District populations are the 2020 Census total (652,503)
 * divided evenly, which is how the districts were drawn (within a small tolerance).
 */
import {
  COALITION_CENTRAL_NORTHEAST,
  COALITION_EAST,
  COALITION_NORTH,
  COALITION_NORTHEAST,
  COALITION_SOUTHEAST,
  COALITION_SOUTHWEST,
  COALITION_WEST_NORTHWEST,
  DISTRICT_1,
  DISTRICT_2,
  DISTRICT_3,
  DISTRICT_4,
} from './geography.ts';
import { PORTLAND, tx } from './helpers.ts';
import type { SeedDistrict } from './types.ts';

const DISTRICT_POPULATION = 163_000;

const council = (n: number, en: string, es: string, area: SeedDistrict['area']): SeedDistrict => ({
  id: `district-${n}`,
  jurisdictionId: PORTLAND,
  kind: 'council_district',
  name: tx(`District ${n} (${en})`, `Distrito ${n} (${es})`),
  population: DISTRICT_POPULATION,
  area,
  approximate: true,
});

const coalition = (id: string, en: string, es: string, area: SeedDistrict['area']): SeedDistrict => ({
  id,
  jurisdictionId: PORTLAND,
  kind: 'neighborhood_coalition',
  name: tx(en, es),
  area,
  approximate: true,
});

export const councilDistricts: SeedDistrict[] = [
  council(1, 'East Portland', 'este de Portland', DISTRICT_1),
  council(2, 'North and Northeast Portland', 'norte y noreste de Portland', DISTRICT_2),
  council(3, 'Southeast Portland', 'sureste de Portland', DISTRICT_3),
  council(4, 'West Portland', 'oeste de Portland', DISTRICT_4),
];

export const neighborhoodCoalitions: SeedDistrict[] = [
  coalition('coalition-north', 'North Portland Neighborhood Services', 'Servicios Vecinales del Norte de Portland', COALITION_NORTH),
  coalition('coalition-northeast', 'Northeast Coalition of Neighborhoods', 'Coalición de Vecindarios del Noreste', COALITION_NORTHEAST),
  coalition('coalition-central-northeast', 'Central Northeast Neighbors', 'Vecinos del Centro-Noreste', COALITION_CENTRAL_NORTHEAST),
  coalition('coalition-east', 'East Portland Neighbors', 'Vecinos del Este de Portland', COALITION_EAST),
  coalition('coalition-southeast', 'Southeast Uplift Neighborhood Coalition', 'Coalición de Vecindarios Southeast Uplift', COALITION_SOUTHEAST),
  coalition('coalition-west-northwest', 'Neighbors West/Northwest', 'Vecinos del Oeste/Noroeste', COALITION_WEST_NORTHWEST),
  coalition('coalition-southwest', 'Southwest Neighborhoods, Inc.', 'Southwest Neighborhoods, Inc. (Vecindarios del Suroeste)', COALITION_SOUTHWEST),
];

export const districts: SeedDistrict[] = [...councilDistricts, ...neighborhoodCoalitions];
