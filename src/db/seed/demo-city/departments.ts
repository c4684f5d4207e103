/**
 * Departments (City bureaus and offices that work requests) and agencies (outside bodies 311 refers to).
 *
 * The twenty City partners are the "Current City Partners" listed in the 311 Program update to City
 * Council (November 2020), with their names as written there. Phone numbers marked "(doc)" come from
 * the 311 Implementation Plan (2018) or the 2020 update; the rest are long-standing public numbers.
 * Numbers we could not confirm are left out rather than guessed.
 */
import { MULTNOMAH, PORTLAND, tx } from './helpers.ts';
import type { SeedDepartment } from './types.ts';

const WEEKDAYS_8_5 = tx('Monday–Friday, 8 a.m.–5 p.m.', 'De lunes a viernes, de 8 a.m. a 5 p.m.');
const ALWAYS = tx('24 hours a day, 7 days a week', 'Las 24 horas del día, los 7 días de la semana');

/** A bureau or office of the City of Portland. */
const city = (d: Omit<SeedDepartment, 'jurisdictionId' | 'kind' | 'agencyKind'>): SeedDepartment => ({
  jurisdictionId: PORTLAND,
  kind: 'department',
  agencyKind: 'city',
  ...d,
});

/** The 20 City partner bureaus and offices of the 311 Program (November 2020 update). */
export const cityPartners: SeedDepartment[] = [
  city({
    id: 'bds',
    acronym: 'BDS',
    name: tx('Bureau of Development Services', 'Oficina de Servicios de Desarrollo'),
    description: tx(
      'Building and trade permits, land use reviews, inspections, and code enforcement for private property, including rental housing maintenance.',
      'Permisos de construcción y de oficios, revisiones de uso del suelo, inspecciones y cumplimiento de códigos en propiedad privada, incluido el mantenimiento de viviendas de alquiler.',
    ),
    phone: '503-823-7300', // (doc)
    web: 'https://www.portland.gov/bds',
    hours: WEEKDAYS_8_5,
  }),
  city({
    id: 'boec',
    acronym: 'BOEC',
    name: tx('Bureau of Emergency Communications', 'Oficina de Comunicaciones de Emergencia'),
    description: tx(
      'Answers 9-1-1 (voice and text) and the police non-emergency line for all of Multnomah County and dispatches police, fire and medical responders.',
      'Atiende el 9-1-1 (voz y texto) y la línea de policía para casos que no son de emergencia en todo el Condado de Multnomah, y envía a la policía, los bomberos y los servicios médicos.',
    ),
    phone: '503-823-3333', // non-emergency line (doc)
    web: 'https://www.portland.gov/911',
    hours: ALWAYS,
  }),
  city({
    id: 'bhr',
    acronym: 'BHR',
    name: tx('Bureau of Human Resources', 'Oficina de Recursos Humanos'),
    description: tx('City jobs, recruitment and employment.', 'Empleos de la Ciudad, contratación y empleo.'),
    web: 'https://www.portland.gov/bhr',
  }),
  city({
    id: 'bps',
    acronym: 'BPS',
    name: tx('Bureau of Planning and Sustainability', 'Oficina de Planificación y Sostenibilidad'),
    description: tx(
      'Long-range planning and zoning maps; oversees the private haulers that collect garbage, recycling and compost.',
      'Planificación a largo plazo y mapas de zonificación; supervisa a las empresas privadas que recogen la basura, el reciclaje y el compost.',
    ),
    web: 'https://www.portland.gov/bps',
  }),
  city({
    id: 'bts',
    acronym: 'BTS',
    name: tx('Bureau of Technology Services', 'Oficina de Servicios Tecnológicos'),
    description: tx('The City’s technology, telephone and network services.', 'Los servicios de tecnología, telefonía y redes de la Ciudad.'),
    web: 'https://www.portland.gov/bts',
  }),
  city({
    id: 'cbo',
    acronym: 'CBO',
    name: tx('City Budget Office', 'Oficina de Presupuesto de la Ciudad'),
    description: tx('The City budget process and public testimony on it.', 'El proceso del presupuesto de la Ciudad y los testimonios públicos.'),
    web: 'https://www.portland.gov/cbo',
  }),
  city({
    id: 'hearings',
    name: tx('Hearings Office', 'Oficina de Audiencias'),
    description: tx(
      'Hears appeals of City decisions, including land use, billing, towing and facility exclusions.',
      'Atiende apelaciones de decisiones de la Ciudad, incluidas las de uso del suelo, facturación, remolque de vehículos y exclusiones de instalaciones.',
    ),
  }),
  city({
    id: 'mayor',
    name: tx('Office of Mayor Wheeler', 'Oficina del Alcalde Wheeler'),
    description: tx(
      'Listed as a 311 partner in November 2020. Since January 2025 the Mayor leads the City’s executive branch and no longer sits on the City Council.',
      'Socio del 311 en noviembre de 2020. Desde enero de 2025 el alcalde dirige el poder ejecutivo de la Ciudad y ya no forma parte del Concejo Municipal.',
    ),
  }),
  city({
    id: 'commissioner-eudaly',
    name: tx('Office of Commissioner Eudaly', 'Oficina de la Comisionada Eudaly'),
    description: tx(
      'A City Council office listed as a 311 partner in November 2020. Portland’s commission form of government ended in January 2025.',
      'Oficina del Concejo Municipal, socia del 311 en noviembre de 2020. La forma de gobierno por comisión de Portland terminó en enero de 2025.',
    ),
  }),
  city({
    id: 'commissioner-hardesty',
    name: tx('Office of Commissioner Hardesty', 'Oficina de la Comisionada Hardesty'),
    description: tx(
      'A City Council office listed as a 311 partner in November 2020. Portland’s commission form of government ended in January 2025.',
      'Oficina del Concejo Municipal, socia del 311 en noviembre de 2020. La forma de gobierno por comisión de Portland terminó en enero de 2025.',
    ),
  }),
  city({
    id: 'commissioner-ryan',
    name: tx('Office of Commissioner Ryan', 'Oficina del Comisionado Ryan'),
    description: tx(
      'A City Council office listed as a 311 partner in November 2020. Portland’s commission form of government ended in January 2025.',
      'Oficina del Concejo Municipal, socia del 311 en noviembre de 2020. La forma de gobierno por comisión de Portland terminó en enero de 2025.',
    ),
  }),
  city({
    id: 'civic-life',
    name: tx('Office of Community & Civic Life', 'Oficina de Comunidad y Vida Cívica'),
    description: tx(
      'Neighborhood associations and coalitions, and neighborhood livability services: noise control, graffiti removal, cannabis and liquor licensing, crime prevention.',
      'Asociaciones y coaliciones de vecindarios, y servicios de calidad de vida: control de ruido, eliminación de grafiti, licencias de cannabis y alcohol, prevención del delito.',
    ),
    web: 'https://www.portland.gov/civic',
    hours: WEEKDAYS_8_5,
  }),
  city({
    id: 'oehr',
    acronym: 'OEHR',
    name: tx('Office of Equity and Human Rights', 'Oficina de Equidad y Derechos Humanos'),
    description: tx(
      'ADA Title II and Civil Rights Title VI requests and complaints, language access and accommodations. Residents reach it through 311 (503-823-4000).',
      'Solicitudes y quejas bajo el Título II de la ADA y el Título VI de la Ley de Derechos Civiles, acceso lingüístico y adaptaciones. Se contacta a través del 311 (503-823-4000).',
    ),
    web: 'https://www.portland.gov/oehr',
  }),
  city({
    id: 'omf',
    acronym: 'OMF',
    name: tx('Office of Management and Finance', 'Oficina de Administración y Finanzas'),
    description: tx(
      'City finance, facilities, risk management and procurement; home of the Impact Reduction Program, which responds to campsite and dumping reports.',
      'Finanzas, instalaciones, gestión de riesgos y compras de la Ciudad; incluye el Programa de Reducción de Impactos, que responde a reportes de campamentos y vertidos.',
    ),
    web: 'https://www.portland.gov/omf',
  }),
  city({
    id: 'pbot',
    acronym: 'PBOT',
    name: tx('Portland Bureau of Transportation', 'Oficina de Transporte de Portland'),
    description: tx(
      'Streets, sidewalks, street lights, signals and signs, parking and parking enforcement, permits to use the street. Maintenance dispatch takes street hazards and sewer releases 24/7 at 503-823-1700.',
      'Calles, aceras, alumbrado público, semáforos y señales, estacionamiento y su control, permisos para usar la calle. El despacho de mantenimiento recibe peligros en la calle y derrames de alcantarillado las 24 horas en el 503-823-1700.',
    ),
    phone: '503-823-5185', // PBOT Information & Referral (doc)
    web: 'https://www.portland.gov/transportation',
    hours: WEEKDAYS_8_5,
  }),
  city({
    id: 'phb',
    acronym: 'PHB',
    name: tx('Portland Housing Bureau', 'Oficina de Vivienda de Portland'),
    description: tx(
      'Affordable housing, renter services (Rental Services Office) and fair housing.',
      'Vivienda asequible, servicios para inquilinos (Oficina de Servicios de Alquiler) y vivienda justa.',
    ),
    web: 'https://www.portland.gov/phb',
  }),
  city({
    id: 'pfr',
    acronym: 'PF&R',
    name: tx('Portland Fire & Rescue', 'Bomberos y Rescate de Portland'),
    description: tx(
      'Fire and medical emergency response (through 9-1-1), fire code inspections and fire prevention.',
      'Respuesta a incendios y emergencias médicas (a través del 9-1-1), inspecciones del código de incendios y prevención.',
    ),
    web: 'https://www.portland.gov/fire',
  }),
  city({
    id: 'ppr',
    acronym: 'PP&R',
    name: tx('Portland Parks & Recreation', 'Parques y Recreación de Portland'),
    description: tx(
      'Parks, community centers, pools, recreation classes, park rangers, park permits and the Washington Park parking program.',
      'Parques, centros comunitarios, piscinas, clases recreativas, guardabosques, permisos de parques y el programa de estacionamiento de Washington Park.',
    ),
    phone: '503-823-7529', // 503-823-PLAY (doc)
    web: 'https://www.portland.gov/parks',
    hours: tx('Phone: Monday–Friday, 8:30 a.m.–5:15 p.m.', 'Teléfono: de lunes a viernes, de 8:30 a.m. a 5:15 p.m.'),
  }),
  city({
    id: 'pwb',
    acronym: 'PWB',
    name: tx('Portland Water Bureau', 'Oficina del Agua de Portland'),
    description: tx(
      'Drinking water, water mains, hydrants and water quality; the combined water, sewer and stormwater bill and financial assistance.',
      'Agua potable, tuberías principales, hidrantes y calidad del agua; la factura combinada de agua, alcantarillado y aguas pluviales, y la asistencia financiera.',
    ),
    phone: '503-823-7770', // customer service (doc)
    web: 'https://www.portland.gov/water',
    hours: tx(
      'Phone: Monday–Friday, 8 a.m.–5 p.m.; in person: Monday–Friday, 7:30 a.m.–4:30 p.m.',
      'Teléfono: de lunes a viernes, de 8 a.m. a 5 p.m.; en persona: de lunes a viernes, de 7:30 a.m. a 4:30 p.m.',
    ),
  }),
  city({
    id: 'prosper',
    name: tx('Prosper Portland', 'Prosper Portland'),
    description: tx(
      'The City’s economic development agency: business assistance programs, loans and grants.',
      'La agencia de desarrollo económico de la Ciudad: programas de asistencia, préstamos y subvenciones para negocios.',
    ),
    web: 'https://prosperportland.us',
  }),
];

/** The 311 Program, other City bureaus the catalog needs, and work units used by routing rules. */
export const otherCityDepartments: SeedDepartment[] = [
  city({
    id: 'pdx311',
    acronym: '311',
    name: tx('311 Customer Service Program', 'Programa de Servicio al Cliente 311'),
    description: tx(
      'The front door for City and County information and services: by phone at 3-1-1 or 503-823-4000, online, and in person at the Portland Building Customer Service Desk (1120 SW 5th Avenue). Part of the Office of Management and Finance.',
      'La puerta de entrada a la información y los servicios de la Ciudad y del Condado: por teléfono al 3-1-1 o al 503-823-4000, en línea y en persona en el mostrador de servicio al cliente del Portland Building (1120 SW 5th Avenue). Forma parte de la Oficina de Administración y Finanzas.',
    ),
    phone: '311',
    email: '311@portlandoregon.gov',
    web: 'https://www.portland.gov/311',
    hours: tx('Monday–Friday, 8 a.m.–5 p.m., except federal holidays', 'De lunes a viernes, de 8 a.m. a 5 p.m., excepto los días feriados federales'),
  }),
  city({
    id: 'bes',
    acronym: 'BES',
    name: tx('Bureau of Environmental Services', 'Oficina de Servicios Ambientales'),
    description: tx(
      'Sewers, stormwater, and the protection of Portland’s rivers and streams, including pollution spills.',
      'Alcantarillado, aguas pluviales y protección de los ríos y arroyos de Portland, incluidos los derrames contaminantes.',
    ),
    web: 'https://www.portland.gov/bes',
  }),
  city({
    id: 'ppb',
    acronym: 'PPB',
    name: tx('Portland Police Bureau', 'Oficina de Policía de Portland'),
    description: tx(
      'Police services, online crime reports and copies of police reports. Emergencies: 9-1-1; non-emergencies: 503-823-3333.',
      'Servicios policiales, denuncias en línea y copias de informes policiales. Emergencias: 9-1-1; casos que no son de emergencia: 503-823-3333.',
    ),
    web: 'https://www.portland.gov/police',
  }),
  city({
    id: 'ipr',
    acronym: 'IPR',
    name: tx('Independent Police Review (City Auditor)', 'Revisión Independiente de la Policía (Auditoría de la Ciudad)'),
    description: tx(
      'Takes complaints and commendations about Portland police officers, independently of the Police Bureau.',
      'Recibe quejas y felicitaciones sobre agentes de la policía de Portland, de forma independiente de la Oficina de Policía.',
    ),
    phone: '503-823-0146',
    web: 'https://www.portland.gov/ipr',
  }),
  city({
    id: 'revenue',
    name: tx('Revenue Division', 'División de Ingresos'),
    description: tx(
      'Part of the Office of Management and Finance: the Portland Business License Tax, the Multnomah County Business Income Tax and the Arts Tax.',
      'Parte de la Oficina de Administración y Finanzas: el Impuesto de Licencia Comercial de Portland, el Impuesto sobre los Ingresos Comerciales del Condado de Multnomah y el Impuesto para las Artes.',
    ),
    phone: '503-823-5157', // (doc, 2018)
    web: 'https://www.portland.gov/revenue',
  }),
  city({
    id: 'urban-forestry',
    name: tx('Urban Forestry (Portland Parks & Recreation)', 'Silvicultura Urbana (Parques y Recreación de Portland)'),
    description: tx(
      'Street and park trees: hazards, fallen trees and limbs, tree permits. Tree emergencies: 503-823-TREE (8733).',
      'Árboles de calles y parques: peligros, árboles y ramas caídos, permisos de árboles. Emergencias de árboles: 503-823-TREE (8733).',
    ),
    phone: '503-823-8733',
    web: 'https://www.portland.gov/trees',
  }),
  city({
    id: 'urban-forestry-west',
    name: tx('Urban Forestry – West Side Tree Crew', 'Silvicultura Urbana – Equipo de Árboles del Oeste'),
    description: tx(
      'Demo work unit: Urban Forestry arborists for District 4, west of the Willamette, where steep wooded slopes and large conifers need a specialized crew.',
      'Unidad de demostración: arbolistas de Silvicultura Urbana para el Distrito 4, al oeste del Willamette, donde las laderas empinadas y boscosas y las coníferas grandes requieren un equipo especializado.',
    ),
    phone: '503-823-8733',
  }),
  city({
    id: 'city-council',
    name: tx('Portland City Council', 'Concejo Municipal de Portland'),
    description: tx(
      'Twelve councilors, three elected from each of the four geographic districts since January 2025. Agendas and testimony through the Council Clerk.',
      'Doce concejales, tres elegidos por cada uno de los cuatro distritos geográficos desde enero de 2025. Agendas y testimonios a través de la Secretaría del Concejo.',
    ),
    web: 'https://www.portland.gov/council',
  }),
  ...[1, 2, 3, 4].map((n) =>
    city({
      id: `council-district-${n}`,
      name: tx(`City Council – District ${n} Offices`, `Concejo Municipal – Oficinas del Distrito ${n}`),
      description: tx(
        `The offices of the three councilors elected from District ${n}.`,
        `Las oficinas de los tres concejales elegidos por el Distrito ${n}.`,
      ),
      web: 'https://www.portland.gov/council',
    }),
  ),
];

/** Outside bodies 311 refers residents to. */
export const agencies: SeedDepartment[] = [
  {
    id: 'emergency-911',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: '911',
    name: tx('9-1-1 Emergency', '9-1-1 Emergencias'),
    description: tx(
      'Police, fire and medical emergencies: a life-threatening emergency or a crime in progress. Answered 24/7 by the Bureau of Emergency Communications for all of Multnomah County; call or text.',
      'Emergencias policiales, de incendio y médicas: una emergencia que pone en peligro la vida o un delito en curso. Atendido las 24 horas por la Oficina de Comunicaciones de Emergencia para todo el Condado de Multnomah; llame o envíe un texto.',
    ),
    phone: '911',
    hours: ALWAYS,
  },
  {
    id: '211info',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: '211',
    name: tx('211info', '211info'),
    description: tx(
      'Information and connections to community health and social services: shelter, food, rent and utility assistance. Dial 2-1-1 or 866-698-6155.',
      'Información y conexión con servicios comunitarios de salud y sociales: albergue, comida, ayuda con la renta y los servicios públicos. Marque 2-1-1 o 866-698-6155.',
    ),
    phone: '211',
    web: 'https://www.211info.org',
  },
  {
    id: 'trimet',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: 'transit',
    name: tx('TriMet', 'TriMet'),
    description: tx(
      'The regional transit agency: buses, MAX light rail, WES, LIFT paratransit, bus stops and shelters.',
      'La agencia regional de transporte público: autobuses, tren ligero MAX, WES, paratránsito LIFT, paradas y refugios de autobús.',
    ),
    phone: '503-238-7433',
    web: 'https://trimet.org',
  },
  {
    id: 'odot',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: 'state',
    acronym: 'ODOT',
    name: tx('Oregon Department of Transportation', 'Departamento de Transporte de Oregón'),
    description: tx(
      'State highways in Portland, including I-5, I-84, I-205, I-405, US 26 and US 30, with their ramps and interchanges. Road conditions: TripCheck (511).',
      'Las carreteras estatales en Portland, incluidas la I-5, I-84, I-205, I-405, US 26 y US 30, con sus rampas e intercambios. Estado de las carreteras: TripCheck (511).',
    ),
    phone: '888-275-6368',
    web: 'https://www.oregon.gov/odot',
  },
  {
    id: 'metro',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: 'other',
    name: tx('Metro', 'Metro (gobierno regional)'),
    description: tx(
      'The regional government: garbage transfer stations, hazardous waste disposal and recycling information.',
      'El gobierno regional: estaciones de transferencia de basura, eliminación de desechos peligrosos e información sobre reciclaje.',
    ),
    phone: '503-234-3000',
    web: 'https://www.oregonmetro.gov',
  },
  {
    id: 'pge',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: 'other',
    acronym: 'PGE',
    name: tx('Portland General Electric', 'Portland General Electric (PGE)'),
    description: tx('The electric utility for most of Portland: outages and downed power lines.', 'La compañía eléctrica de la mayor parte de Portland: apagones y cables caídos.'),
    phone: '503-464-7777',
    web: 'https://portlandgeneral.com',
    hours: ALWAYS,
  },
  {
    id: 'port-of-portland',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: 'other',
    name: tx('Port of Portland', 'Puerto de Portland'),
    description: tx('Operates Portland International Airport (PDX), including its aircraft noise program.', 'Opera el Aeropuerto Internacional de Portland (PDX), incluido su programa de ruido de aviones.'),
    web: 'https://www.portofportland.com',
  },
  {
    id: 'multnomah-circuit-court',
    jurisdictionId: PORTLAND,
    kind: 'agency',
    agencyKind: 'state',
    name: tx('Multnomah County Circuit Court', 'Tribunal de Circuito del Condado de Multnomah'),
    description: tx(
      'A state court (Oregon Judicial Department): parking and traffic tickets, rescheduling cases, family law.',
      'Un tribunal estatal (Departamento Judicial de Oregón): multas de estacionamiento y de tráfico, cambios de fecha de casos, derecho de familia.',
    ),
    web: 'https://www.courts.oregon.gov/courts/multnomah',
  },
  // Multnomah County and the County departments residents most often need.
  {
    id: 'multco',
    jurisdictionId: MULTNOMAH,
    kind: 'agency',
    agencyKind: 'county',
    name: tx('Multnomah County', 'Condado de Multnomah'),
    description: tx(
      'County programs and services: elections, assessment & taxation, aging, disability & veterans services, libraries, health, animal services, and the Willamette River bridges.',
      'Programas y servicios del Condado: elecciones, tasación e impuestos, servicios para personas mayores, con discapacidad y veteranos, bibliotecas, salud, servicios de animales y los puentes del río Willamette.',
    ),
    web: 'https://www.multco.us',
  },
  {
    id: 'multco-health',
    jurisdictionId: MULTNOMAH,
    kind: 'agency',
    agencyKind: 'county',
    name: tx('Multnomah County Health Department', 'Departamento de Salud del Condado de Multnomah'),
    description: tx(
      'Public health, clinics, behavioral health and the Mental Health Call Center (503-988-4888, 24/7), and vector control for rats and mosquitoes.',
      'Salud pública, clínicas, salud conductual y el Centro de Llamadas de Salud Mental (503-988-4888, las 24 horas), y control de vectores para ratas y mosquitos.',
    ),
    web: 'https://www.multco.us/health',
  },
  {
    id: 'multco-animal-services',
    jurisdictionId: MULTNOMAH,
    kind: 'agency',
    agencyKind: 'county',
    name: tx('Multnomah County Animal Services', 'Servicios de Animales del Condado de Multnomah'),
    description: tx(
      'Lost and found pets, stray and dangerous animals, barking dogs, animal bites, pet licenses and adoptions, for all of Multnomah County. 503-988-PETS (7387).',
      'Mascotas perdidas y encontradas, animales callejeros y peligrosos, perros que ladran, mordeduras, licencias y adopciones de mascotas, en todo el Condado de Multnomah. 503-988-PETS (7387).',
    ),
    phone: '503-988-7387',
    web: 'https://www.multco.us',
  },
  {
    id: 'multco-transportation',
    jurisdictionId: MULTNOMAH,
    kind: 'agency',
    agencyKind: 'county',
    name: tx('Multnomah County Transportation (Roads & Bridges)', 'Transporte del Condado de Multnomah (caminos y puentes)'),
    description: tx(
      'The County’s Willamette River bridges in Portland (Broadway, Burnside, Morrison, Hawthorne, Sellwood) and roads in unincorporated Multnomah County.',
      'Los puentes del Condado sobre el río Willamette en Portland (Broadway, Burnside, Morrison, Hawthorne, Sellwood) y los caminos en las zonas no incorporadas del Condado de Multnomah.',
    ),
    web: 'https://www.multco.us',
  },
];

export const departments: SeedDepartment[] = [...cityPartners, ...otherCityDepartments, ...agencies];
