/**
 * The demo city's service catalog, drawn from the "service universe" of Portland's 311 Implementation
 * Plan (Report / Request / Find / Apply / Pay; "Intake & resolve" versus "Triage & refer") and the
 * Customer Service Capability list of the November 2020 program update.
 *
 * - intake: 311 takes the report or request and a City department works it (SLA applies);
 * - resolve: 311 answers on first contact; the department named owns the answer;
 * - refer: another agency handles it; the answer says whom to contact and how.
 */
import { civilRightsServices, informationServices, paymentServices, permitServices, safetyServices } from './services-civic.ts';
import { animalServices, cleanupServices, housingServices, nuisanceServices, socialServices } from './services-neighborhood.ts';
import { garbageServices, parkServices, waterServices } from './services-parks-water.ts';
import { parkingServices } from './services-parking.ts';
import { streetServices } from './services-streets.ts';
import type { SeedService } from './types.ts';

export const services: SeedService[] = [
  ...streetServices,
  ...parkingServices,
  ...parkServices,
  ...waterServices,
  ...garbageServices,
  ...cleanupServices,
  ...nuisanceServices,
  ...housingServices,
  ...animalServices,
  ...socialServices,
  ...civilRightsServices,
  ...safetyServices,
  ...paymentServices,
  ...permitServices,
  ...informationServices,
];
