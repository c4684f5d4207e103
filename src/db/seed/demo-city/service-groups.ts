import { tx } from './helpers.ts';
import type { SeedServiceGroup } from './types.ts';

export const serviceGroups: SeedServiceGroup[] = [
  { code: 'streets', name: tx('Streets & sidewalks', 'Calles y aceras') },
  { code: 'transportation-parking', name: tx('Transportation & parking', 'Transporte y estacionamiento') },
  { code: 'parks-trees', name: tx('Parks & trees', 'Parques y árboles') },
  { code: 'water-sewer', name: tx('Water & sewer', 'Agua y alcantarillado') },
  { code: 'garbage-recycling', name: tx('Garbage & recycling', 'Basura y reciclaje') },
  { code: 'graffiti-dumping', name: tx('Graffiti & illegal dumping', 'Grafiti y vertido ilegal') },
  { code: 'noise-nuisance', name: tx('Noise & nuisance', 'Ruido y molestias') },
  { code: 'housing-building', name: tx('Housing & building', 'Vivienda y edificios') },
  { code: 'animals', name: tx('Animals', 'Animales') },
  { code: 'homelessness-social', name: tx('Homelessness & social services', 'Personas sin hogar y servicios sociales') },
  { code: 'civil-rights', name: tx('Civil rights & accessibility', 'Derechos civiles y accesibilidad') },
  { code: 'public-safety', name: tx('Public safety & emergencies', 'Seguridad pública y emergencias') },
  { code: 'payments', name: tx('Payments', 'Pagos') },
  { code: 'permits-licenses', name: tx('Permits & licenses', 'Permisos y licencias') },
  { code: 'information', name: tx('Information & referral', 'Información y referencias') },
];
