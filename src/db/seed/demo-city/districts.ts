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
import { PORTLAND, tx, type MoreLanguages } from './helpers.ts';
import type { SeedDistrict } from './types.ts';

const DISTRICT_POPULATION = 163_000;

const council = (n: number, en: string, es: string, [vi, zh, ru]: MoreLanguages, area: SeedDistrict['area']): SeedDistrict => ({
  id: `district-${n}`,
  jurisdictionId: PORTLAND,
  kind: 'council_district',
  name: tx(`District ${n} (${en})`, `Distrito ${n} (${es})`, [`Khu ${n} (${vi})`, `第 ${n} 選區（${zh}）`, `Округ ${n} (${ru})`]),
  population: DISTRICT_POPULATION,
  area,
  approximate: true,
});

const coalition = (id: string, en: string, es: string, more: MoreLanguages, area: SeedDistrict['area']): SeedDistrict => ({
  id,
  jurisdictionId: PORTLAND,
  kind: 'neighborhood_coalition',
  name: tx(en, es, more),
  area,
  approximate: true,
});

export const councilDistricts: SeedDistrict[] = [
  council(1, 'East Portland', 'este de Portland', ['Đông Portland', '東波特蘭', 'Восточный Портленд'], DISTRICT_1),
  council(2, 'North and Northeast Portland', 'norte y noreste de Portland', ['Bắc và Đông Bắc Portland', '北及東北波特蘭', 'Северный и Северо-Восточный Портленд'], DISTRICT_2),
  council(3, 'Southeast Portland', 'sureste de Portland', ['Đông Nam Portland', '東南波特蘭', 'Юго-Восточный Портленд'], DISTRICT_3),
  council(4, 'West Portland', 'oeste de Portland', ['Tây Portland', '西波特蘭', 'Западный Портленд'], DISTRICT_4),
];

export const neighborhoodCoalitions: SeedDistrict[] = [
  coalition('coalition-north', 'North Portland Neighborhood Services', 'Servicios Vecinales del Norte de Portland', ['Dịch vụ Khu phố Bắc Portland', '北波特蘭社區服務處', 'Служба районов Северного Портленда'], COALITION_NORTH),
  coalition('coalition-northeast', 'Northeast Coalition of Neighborhoods', 'Coalición de Vecindarios del Noreste', ['Liên minh các Khu phố Đông Bắc', '東北社區聯盟', 'Коалиция районов Северо-Востока'], COALITION_NORTHEAST),
  coalition('coalition-central-northeast', 'Central Northeast Neighbors', 'Vecinos del Centro-Noreste', ['Cư dân Trung Đông Bắc', '中東北鄰里聯盟', 'Соседи Центрального Северо-Востока'], COALITION_CENTRAL_NORTHEAST),
  coalition('coalition-east', 'East Portland Neighbors', 'Vecinos del Este de Portland', ['Cư dân Đông Portland', '東波特蘭鄰里聯盟', 'Соседи Восточного Портленда'], COALITION_EAST),
  coalition('coalition-southeast', 'Southeast Uplift Neighborhood Coalition', 'Coalición de Vecindarios Southeast Uplift', ['Liên minh Khu phố Southeast Uplift', 'Southeast Uplift 社區聯盟', 'Коалиция районов Southeast Uplift'], COALITION_SOUTHEAST),
  coalition('coalition-west-northwest', 'Neighbors West/Northwest', 'Vecinos del Oeste/Noroeste', ['Cư dân Tây/Tây Bắc', '西區／西北區鄰里聯盟', 'Соседи Запада и Северо-Запада'], COALITION_WEST_NORTHWEST),
  coalition('coalition-southwest', 'Southwest Neighborhoods, Inc.', 'Southwest Neighborhoods, Inc. (Vecindarios del Suroeste)', ['Southwest Neighborhoods, Inc. (Các khu phố Tây Nam)', 'Southwest Neighborhoods, Inc.（西南社區）', 'Southwest Neighborhoods, Inc. (районы Юго-Запада)'], COALITION_SOUTHWEST),
];

export const districts: SeedDistrict[] = [...councilDistricts, ...neighborhoodCoalitions];
