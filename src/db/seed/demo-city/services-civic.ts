/** Civil rights & accessibility, public safety, payments, permits & licenses, information & referral. */
import { YES_NO, field, intake, list, opt, refer, resolve, tx } from './helpers.ts';
import type { SeedService } from './types.ts';

export const civilRightsServices: SeedService[] = [
  intake({
    code: 'ADA_ACCOMMODATION',
    name: tx('ADA accommodation or language access request', 'Solicitud de adaptación (ADA) o de acceso lingüístico'),
    description: tx(
      'Ask for an accommodation, interpretation or translation so you can take part in a City meeting, program or service: sign language or spoken-language interpreters, translated documents, large print or other formats, assistive listening, captioning, or physical access. Requests are free and confidential.',
      'Pida una adaptación, interpretación o traducción para poder participar en una reunión, un programa o un servicio de la Ciudad: intérpretes de lengua de señas o de otros idiomas, documentos traducidos, letra grande u otros formatos, dispositivos de asistencia auditiva, subtítulos o acceso físico. Las solicitudes son gratuitas y confidenciales.',
    ),
    group: 'civil-rights',
    keywords: ['ada', 'accommodation', 'disability accommodation', 'interpreter', 'sign language', 'asl', 'translation', 'language access', 'large print', 'braille', 'captioning', 'wheelchair access'],
    departmentId: 'oehr',
    slaHours: 40,
    slaKind: 'business',
    defaultPriority: 'high',
    confidential: true,
    attributes: [
      list('ACCOMMODATION_TYPE', 'multivaluelist', true, 1, tx('What do you need?', '¿Qué necesita?'), [
        opt('asl', 'Sign language interpreter', 'Intérprete de lengua de señas'),
        opt('spoken_interpreter', 'Spoken-language interpreter', 'Intérprete de otro idioma'),
        opt('translation', 'Translated document', 'Documento traducido'),
        opt('alt_format', 'Large print, Braille or another format', 'Letra grande, braille u otro formato'),
        opt('assistive_listening', 'Assistive listening device', 'Dispositivo de asistencia auditiva'),
        opt('captioning', 'Live captioning', 'Subtítulos en vivo'),
        opt('physical_access', 'Physical access (ramps, seating, parking)', 'Acceso físico (rampas, asientos, estacionamiento)'),
        opt('other', 'Something else', 'Otra cosa'),
      ]),
      field('LANGUAGE', 'string', false, 2, tx('Which language, if you need interpretation or translation?', '¿Qué idioma, si necesita interpretación o traducción?')),
      field('EVENT_DATETIME', 'datetime', false, 3, tx('When is the meeting or event?', '¿Cuándo es la reunión o el evento?')),
      field('REQUEST_DETAILS', 'text', false, 4, tx('Which meeting, program or service is it for?', '¿Para qué reunión, programa o servicio es?')),
    ],
  }),
  intake({
    code: 'CIVIL_RIGHTS_COMPLAINT',
    name: tx('ADA or civil rights (Title VI) complaint', 'Queja por la ADA o por derechos civiles (Título VI)'),
    description: tx(
      'File a complaint if you believe a City program, service or activity discriminated against you because of race, color, national origin (including language) or disability. 311 is the City’s single point of contact for ADA Title II and Civil Rights Title VI complaints, and your complaint is confidential.',
      'Presente una queja si cree que un programa, servicio o actividad de la Ciudad le discriminó por su raza, color, origen nacional (incluido el idioma) o discapacidad. El 311 es el punto de contacto único de la Ciudad para quejas bajo el Título II de la ADA y el Título VI de la Ley de Derechos Civiles, y su queja es confidencial.',
    ),
    group: 'civil-rights',
    keywords: ['title vi', 'title 6', 'civil rights complaint', 'discrimination complaint', 'ada complaint', 'title ii', 'accessibility complaint', 'language discrimination', 'racial discrimination'],
    departmentId: 'oehr',
    slaHours: 80,
    slaKind: 'business',
    defaultPriority: 'normal',
    confidential: true,
    attributes: [
      list('COMPLAINT_BASIS', 'multivaluelist', true, 1, tx('Why do you believe you were treated unfairly?', '¿Por qué cree que le trataron injustamente?'), [
        opt('race', 'Race', 'Raza'),
        opt('color', 'Color', 'Color'),
        opt('national_origin', 'National origin or language', 'Origen nacional o idioma'),
        opt('disability', 'Disability', 'Discapacidad'),
      ]),
      field('CITY_PROGRAM', 'string', false, 2, tx('Which City bureau, program or place was involved?', '¿Qué oficina, programa o lugar de la Ciudad estuvo involucrado?')),
      field('INCIDENT_DATE', 'datetime', false, 3, tx('When did it happen?', '¿Cuándo ocurrió?')),
      field('WHAT_HAPPENED', 'text', true, 4, tx('What happened?', '¿Qué pasó?')),
    ],
  }),
];

export const safetyServices: SeedService[] = [
  refer({
    code: 'EMERGENCY',
    name: tx('Emergency: police, fire or medical', 'Emergencia: policía, bomberos o atención médica'),
    description: tx('For a life-threatening emergency, a fire or a crime in progress, call 9-1-1.', 'Para una emergencia que pone en peligro la vida, un incendio o un delito en curso, llame al 9-1-1.'),
    group: 'public-safety',
    keywords: ['emergency', '911', 'fire', 'crime in progress', 'medical emergency', 'ambulance', 'someone hurt', 'break in', 'smoke', 'car crash'],
    departmentId: 'emergency-911',
    defaultPriority: 'urgent',
    answer: tx(
      'Call 9-1-1 now for any life-threatening emergency, fire, medical emergency or crime in progress. If you cannot speak safely, you can text 9-1-1. 311 and this website are not monitored for emergencies.',
      'Llame al 9-1-1 ahora para cualquier emergencia que ponga en peligro la vida, incendio, emergencia médica o delito en curso. Si no puede hablar con seguridad, puede enviar un texto al 9-1-1. El 311 y este sitio web no atienden emergencias.',
    ),
  }),
  resolve({
    code: 'POLICE_NON_EMERGENCY',
    name: tx('Police non-emergency line', 'Línea de policía para casos que no son de emergencia'),
    description: tx('Which number to call for a police matter that is not an emergency.', 'A qué número llamar para un asunto policial que no es una emergencia.'),
    group: 'public-safety',
    keywords: ['non emergency', 'non-emergency police', 'police non emergency number', 'suspicious activity', 'loud party', 'report a crime', '503-823-3333'],
    departmentId: 'boec',
    answer: tx(
      'For a police matter that is not an emergency — a disturbance that has ended, a suspicious situation, a loud party — call the non-emergency line at 503-823-3333, answered 24 hours a day by the Bureau of Emergency Communications. For some crimes with no suspect and no injuries, such as theft or vandalism, you can file a police report online instead.',
      'Para un asunto policial que no es una emergencia — un disturbio que ya terminó, una situación sospechosa, una fiesta ruidosa — llame a la línea que no es de emergencia, 503-823-3333, atendida las 24 horas por la Oficina de Comunicaciones de Emergencia. Para algunos delitos sin sospechoso y sin heridos, como robos o vandalismo, puede presentar una denuncia en línea.',
    ),
  }),
  resolve({
    code: 'POLICE_REPORT',
    name: tx('File a police report online, or get a copy', 'Presentar una denuncia policial en línea u obtener una copia'),
    description: tx('Online reports for certain crimes with no suspect, and copies of police reports.', 'Denuncias en línea para ciertos delitos sin sospechoso y copias de informes policiales.'),
    group: 'public-safety',
    keywords: ['police report', 'file police report', 'online crime report', 'stolen', 'theft report', 'car break in', 'copy of police report', 'case number', 'vandalism report'],
    departmentId: 'ppb',
    answer: tx(
      'For certain crimes with no suspect information and no injuries, such as theft, vandalism or a car break-in, you can file a report online with the Portland Police Bureau at portland.gov/police and receive a case number for insurance. To get a copy of an existing police report, request it from the Police Bureau’s Records Division through portland.gov/police. For a crime in progress, call 9-1-1.',
      'Para ciertos delitos sin información del sospechoso y sin heridos, como robos, vandalismo o robos en autos, puede presentar una denuncia en línea con la Oficina de Policía de Portland en portland.gov/police y recibir un número de caso para su seguro. Para obtener una copia de un informe policial, solicítela a la División de Registros de la Oficina de Policía en portland.gov/police. Para un delito en curso, llame al 9-1-1.',
    ),
  }),
  intake({
    code: 'POLICE_COMPLAINT',
    name: tx('Police complaint or commendation', 'Queja o felicitación sobre la policía'),
    description: tx(
      'File a complaint or a commendation about a Portland police officer with Independent Police Review, an office of the City Auditor that works independently of the Police Bureau. Your report is confidential. To report a crime, call 9-1-1 or 503-823-3333.',
      'Presente una queja o una felicitación sobre un agente de la policía de Portland ante Revisión Independiente de la Policía, una oficina de la Auditoría de la Ciudad que trabaja de forma independiente de la Oficina de Policía. Su reporte es confidencial. Para denunciar un delito, llame al 9-1-1 o al 503-823-3333.',
    ),
    group: 'public-safety',
    keywords: ['police complaint', 'complaint about officer', 'police misconduct', 'commend officer', 'police commendation', 'ipr', 'independent police review', 'officer rude', 'excessive force'],
    departmentId: 'ipr',
    slaHours: 80,
    slaKind: 'business',
    defaultPriority: 'normal',
    confidential: true,
    attributes: [
      list('FEEDBACK_TYPE', 'singlevaluelist', true, 1, tx('Is this a complaint or a commendation?', '¿Es una queja o una felicitación?'), [
        opt('complaint', 'Complaint', 'Queja'),
        opt('commendation', 'Commendation', 'Felicitación'),
      ]),
      field('INCIDENT_DATETIME', 'datetime', false, 2, tx('When did it happen?', '¿Cuándo ocurrió?')),
      field('OFFICER_INFO', 'string', false, 3, tx('Officer name, badge or car number, if known', 'Nombre, placa o número de patrulla del agente, si lo sabe')),
      field('WHAT_HAPPENED', 'text', true, 4, tx('What happened?', '¿Qué pasó?')),
    ],
  }),
];

export const paymentServices: SeedService[] = [
  resolve({
    code: 'WATER_BILL',
    name: tx('Water and sewer bill', 'Factura de agua y alcantarillado'),
    description: tx(
      'Questions about and payment of the combined water, sewer and stormwater bill, and help for households that need it.',
      'Preguntas y pagos de la factura combinada de agua, alcantarillado y aguas pluviales, y ayuda para los hogares que la necesitan.',
    ),
    group: 'payments',
    keywords: ['water bill', 'sewer bill', 'utility bill', 'pay water bill', 'high water bill', 'water payment', 'stormwater charge', 'start water service', 'utility discount', 'payment arrangement'],
    departmentId: 'pwb',
    answer: tx(
      'Your Portland utility bill combines water, sewer and stormwater charges. Pay online at portland.gov/water, by phone at 503-823-7770, by mail or in person. For questions about a bill, a high-bill check, or to start or stop service, call Water Bureau Customer Service at 503-823-7770, Monday–Friday, 8 a.m.–5 p.m. Discounts and crisis assistance are available for households with low incomes, and Customer Service handles payment arrangements confidentially.',
      'Su factura de servicios de Portland combina los cargos de agua, alcantarillado y aguas pluviales. Pague en línea en portland.gov/water, por teléfono al 503-823-7770, por correo o en persona. Para preguntas sobre una factura, revisar una factura alta o para iniciar o cancelar el servicio, llame a Servicio al Cliente de la Oficina del Agua al 503-823-7770, de lunes a viernes, de 8 a.m. a 5 p.m. Hay descuentos y ayuda en caso de crisis para hogares de bajos ingresos, y Servicio al Cliente gestiona los planes de pago de forma confidencial.',
    ),
  }),
  resolve({
    code: 'ARTS_TAX',
    name: tx('Arts Tax', 'Impuesto para las Artes (Arts Tax)'),
    description: tx('Who owes Portland’s Arts Tax and how to file and pay it.', 'Quién debe pagar el Impuesto para las Artes de Portland y cómo declararlo y pagarlo.'),
    group: 'payments',
    keywords: ['arts tax', 'art tax', '$35 tax', 'arts education tax', 'pay arts tax', 'arts tax letter'],
    departmentId: 'revenue',
    answer: tx(
      'The Arts Education and Access Income Tax is $35 a year for each Portland resident age 18 or older with at least $1,000 of income, unless household income is at or below the federal poverty guidelines. It is due April 15. File and pay online at portland.gov/revenue; questions go to the Revenue Division at 503-823-4278.',
      'El Impuesto de Educación y Acceso a las Artes es de $35 al año para cada residente de Portland de 18 años o más con al menos $1,000 de ingresos, salvo que los ingresos del hogar estén en el nivel federal de pobreza o por debajo. Vence el 15 de abril. Declárelo y páguelo en línea en portland.gov/revenue; para preguntas, llame a la División de Ingresos al 503-823-4278.',
    ),
  }),
  intake({
    code: 'CLAIM_AGAINST_CITY',
    name: tx('File a claim against the City', 'Presentar un reclamo contra la Ciudad'),
    description: tx(
      'Ask the City to pay for damage or injury you believe the City caused, such as a tire damaged by a pothole or a sewer backup. Under Oregon law, notice of a claim must generally be given within 180 days. Risk Management reviews every claim.',
      'Pida a la Ciudad que pague por daños o lesiones que cree que causó la Ciudad, como una llanta dañada por un bache o un retorno de aguas residuales. Según la ley de Oregón, el aviso del reclamo generalmente debe darse dentro de 180 días. Gestión de Riesgos revisa cada reclamo.',
    ),
    group: 'payments',
    keywords: ['claim', 'file a claim', 'damage claim', 'pothole damage', 'tire damage', 'injury claim', 'tort claim', 'reimbursement', 'risk management'],
    departmentId: 'omf',
    slaHours: 80,
    slaKind: 'business',
    defaultPriority: 'normal',
    attributes: [
      list('CLAIM_TYPE', 'singlevaluelist', true, 1, tx('What kind of claim?', '¿Qué tipo de reclamo?'), [
        opt('vehicle', 'Damage to a vehicle', 'Daños a un vehículo'),
        opt('property', 'Damage to other property', 'Daños a otra propiedad'),
        opt('injury', 'Personal injury', 'Lesiones personales'),
      ]),
      field('INCIDENT_DATETIME', 'datetime', true, 2, tx('When did it happen?', '¿Cuándo ocurrió?')),
      field('AMOUNT_CLAIMED', 'number', false, 3, tx('Amount claimed, in dollars, if known', 'Monto reclamado, en dólares, si lo sabe')),
      field('CLAIM_DETAILS', 'text', true, 4, tx('What happened, and what was damaged?', '¿Qué pasó y qué se dañó?')),
    ],
  }),
  refer({
    code: 'PARKING_TICKET',
    name: tx('Pay or contest a parking or traffic ticket', 'Pagar o impugnar una multa de estacionamiento o de tráfico'),
    description: tx('Parking and traffic tickets issued in Portland are handled by the Multnomah County Circuit Court.', 'Las multas de estacionamiento y de tráfico emitidas en Portland las atiende el Tribunal de Circuito del Condado de Multnomah.'),
    group: 'payments',
    keywords: ['parking ticket', 'pay parking ticket', 'traffic ticket', 'citation', 'contest ticket', 'parking fine', 'traffic court', 'court date'],
    departmentId: 'multnomah-circuit-court',
    defaultPriority: 'low',
    answer: tx(
      'Parking and traffic tickets issued in Portland are handled by the Multnomah County Circuit Court, a state court, not by the City. Pay, request a hearing or see your options at courts.oregon.gov/courts/multnomah, or follow the instructions on the ticket. If your car was towed, 311 can tell you how to find it and how to request a tow hearing with the City’s Hearings Office.',
      'Las multas de estacionamiento y de tráfico emitidas en Portland las atiende el Tribunal de Circuito del Condado de Multnomah, un tribunal estatal, no la Ciudad. Pague, pida una audiencia o consulte sus opciones en courts.oregon.gov/courts/multnomah, o siga las instrucciones de la multa. Si remolcaron su auto, el 311 puede decirle cómo encontrarlo y cómo pedir una audiencia de remolque ante la Oficina de Audiencias de la Ciudad.',
    ),
  }),
];

export const permitServices: SeedService[] = [
  resolve({
    code: 'BUSINESS_TAX',
    name: tx('Business license tax registration and payment', 'Registro y pago del impuesto de licencia comercial'),
    description: tx(
      'Registering for and paying the Portland Business License Tax and the Multnomah County Business Income Tax.',
      'Registro y pago del Impuesto de Licencia Comercial de Portland y del Impuesto sobre los Ingresos Comerciales del Condado de Multnomah.',
    ),
    group: 'permits-licenses',
    keywords: ['business license', 'business tax', 'business license tax', 'register business', 'county business income tax', 'city business license', 'pay business tax', 'revenue division'],
    departmentId: 'revenue',
    answer: tx(
      'Businesses operating in Portland must register for the Portland Business License Tax, and businesses operating in Multnomah County for the Multnomah County Business Income Tax; the City’s Revenue Division administers both. Register, file and pay online at portland.gov/revenue, or call the Revenue Division at 503-823-5157.',
      'Los negocios que operan en Portland deben registrarse para el Impuesto de Licencia Comercial de Portland, y los que operan en el Condado de Multnomah para el Impuesto sobre los Ingresos Comerciales del Condado; la División de Ingresos de la Ciudad administra ambos. Regístrese, declare y pague en línea en portland.gov/revenue, o llame a la División de Ingresos al 503-823-5157.',
    ),
  }),
  resolve({
    code: 'SIDEWALK_CAFE_PERMIT',
    name: tx('Sidewalk café and outdoor dining permit', 'Permiso de café en la acera y comedor al aire libre'),
    description: tx('Permits to place tables and chairs on the sidewalk or in the street.', 'Permisos para colocar mesas y sillas en la acera o en la calle.'),
    group: 'permits-licenses',
    keywords: ['sidewalk cafe', 'sidewalk café permit', 'outdoor dining', 'outdoor seating', 'street seats', 'tables on sidewalk', 'patio permit', 'parklet'],
    departmentId: 'pbot',
    answer: tx(
      'Restaurants and cafés need a PBOT permit to put tables and chairs on the sidewalk or in parking spaces. The rules cover the clear path for people walking and using mobility devices, barriers and insurance. See the requirements and apply online at portland.gov/transportation, or call PBOT at 503-823-5185. 311 can help with the online application; PBOT permit staff review and approve it.',
      'Los restaurantes y cafés necesitan un permiso de PBOT para poner mesas y sillas en la acera o en espacios de estacionamiento. Las reglas incluyen el paso libre para peatones y personas con dispositivos de movilidad, barreras y seguro. Consulte los requisitos y haga la solicitud en línea en portland.gov/transportation, o llame a PBOT al 503-823-5185. El 311 puede ayudarle con la solicitud en línea; el personal de permisos de PBOT la revisa y aprueba.',
    ),
  }),
  resolve({
    code: 'STREET_USE_PERMIT',
    name: tx('Block party, dumpster and temporary street use permits', 'Permisos para fiestas de cuadra, contenedores y uso temporal de la calle'),
    description: tx('Closing a street for a block party, or placing a dumpster, pod or moving truck in the street.', 'Cerrar una calle para una fiesta de cuadra, o colocar un contenedor, un módulo de almacenamiento o un camión de mudanza en la calle.'),
    group: 'permits-licenses',
    keywords: ['block party', 'street closure', 'dumpster permit', 'storage pod', 'moving truck parking', 'temporary street use', 'temporary no parking', 'reserve parking'],
    departmentId: 'pbot',
    answer: tx(
      'To close a street for a block party, or to place a dumpster, storage pod or moving truck in the street, apply to PBOT for a temporary street use permit. Simple permits are issued online at portland.gov/transportation; complex closures are reviewed by PBOT permitting staff. Apply well before your date. Questions: PBOT at 503-823-5185.',
      'Para cerrar una calle para una fiesta de cuadra, o colocar un contenedor, un módulo de almacenamiento o un camión de mudanza en la calle, solicite a PBOT un permiso de uso temporal de la calle. Los permisos sencillos se emiten en línea en portland.gov/transportation; los cierres complejos los revisa el personal de permisos de PBOT. Haga la solicitud con bastante anticipación. Preguntas: PBOT al 503-823-5185.',
    ),
  }),
];

export const informationServices: SeedService[] = [
  resolve({
    code: 'GENERAL_INFO',
    name: tx('City information', 'Información de la Ciudad'),
    description: tx(
      'Hours and locations of City facilities, contacts for City programs and elected officials, City Council agendas and parking rules.',
      'Horarios y ubicaciones de las instalaciones de la Ciudad, contactos de programas y funcionarios electos, agendas del Concejo Municipal y reglas de estacionamiento.',
    ),
    group: 'information',
    keywords: ['city information', 'city hall', 'office hours', 'phone number', 'contact the city', 'elected officials', 'who do i call', 'council agenda', 'information', 'help'],
    departmentId: 'pdx311',
    answer: tx(
      '311 is the front door for City of Portland and Multnomah County information: hours and locations of offices and facilities, how to reach City programs and elected officials, City Council agendas, parking rules and more. Call 3-1-1 or 503-823-4000, Monday–Friday, 8 a.m.–5 p.m., email 311@portlandoregon.gov, search portland.gov, or visit the Portland Building Customer Service Desk. Staff speak English and Spanish and can help you in other languages.',
      'El 311 es la puerta de entrada a la información de la Ciudad de Portland y del Condado de Multnomah: horarios y ubicaciones de oficinas e instalaciones, cómo comunicarse con programas y funcionarios electos, agendas del Concejo Municipal, reglas de estacionamiento y más. Llame al 3-1-1 o al 503-823-4000, de lunes a viernes, de 8 a.m. a 5 p.m., escriba a 311@portlandoregon.gov, busque en portland.gov o visite el mostrador de servicio al cliente del Portland Building. El personal habla inglés y español y puede ayudarle en otros idiomas.',
    ),
  }),
  resolve({
    code: 'PORTLAND_BUILDING_DESK',
    name: tx('Portland Building Customer Service Desk', 'Mostrador de Servicio al Cliente del Portland Building'),
    description: tx('In-person help with City and County services at the Portland Building.', 'Ayuda en persona con los servicios de la Ciudad y del Condado en el Portland Building.'),
    group: 'information',
    keywords: ['portland building', 'customer service desk', 'in person', 'walk in', '1120 sw 5th', 'front desk', 'visitor badge', 'in-person help'],
    departmentId: 'pdx311',
    answer: tx(
      'The Portland Building Customer Service Desk, on the first floor of the Portland Building at 1120 SW 5th Avenue, offers in-person City and County information and referral, help completing online forms and applications, program-specific services, and visitor sign-in for meetings in the building. Staff are there Monday–Friday, 8 a.m.–5 p.m., except federal holidays; they speak English and Spanish and can help in other languages.',
      'El Mostrador de Servicio al Cliente, en el primer piso del Portland Building, 1120 SW 5th Avenue, ofrece en persona información y referencias de la Ciudad y del Condado, ayuda para completar formularios y solicitudes en línea, servicios de programas específicos y registro de visitantes para reuniones en el edificio. El personal atiende de lunes a viernes, de 8 a.m. a 5 p.m., excepto los días feriados federales; habla inglés y español y puede ayudarle en otros idiomas.',
    ),
  }),
  resolve({
    code: 'NEIGHBORHOOD_INFO',
    name: tx('Neighborhood and property information', 'Información del vecindario y de la propiedad'),
    description: tx(
      'Zoning, utility providers, your council district, and neighborhood association and coalition contacts for an address.',
      'Zonificación, proveedores de servicios, su distrito del concejo y contactos de la asociación y coalición de vecindarios de una dirección.',
    ),
    group: 'information',
    keywords: ['neighborhood association', 'my neighborhood', 'property information', 'portlandmaps', 'what district am i in', 'council district', 'utility provider', 'land use notice', 'zoning map', 'neighborhood coalition'],
    departmentId: 'civic-life',
    answer: tx(
      'Search any Portland address on PortlandMaps (portlandmaps.com) for zoning, permits, property details, your council district and utility providers. To find and contact your neighborhood association or district coalition, visit portland.gov/civic or ask 311. Land use notices are posted on portland.gov.',
      'Busque cualquier dirección de Portland en PortlandMaps (portlandmaps.com) para ver la zonificación, los permisos, los datos de la propiedad, su distrito del concejo y sus proveedores de servicios. Para encontrar y contactar a su asociación de vecindario o coalición de distrito, visite portland.gov/civic o pregunte al 311. Los avisos de uso del suelo se publican en portland.gov.',
    ),
  }),
  resolve({
    code: 'CITY_JOBS',
    name: tx('City jobs and contracting opportunities', 'Empleos y oportunidades de contratación de la Ciudad'),
    description: tx('Current City job openings, and bid and contract opportunities.', 'Empleos vacantes en la Ciudad y oportunidades de licitación y contratación.'),
    group: 'information',
    keywords: ['city jobs', 'job openings', 'employment', 'work for the city', 'careers', 'job application', 'contracts', 'bids', 'rfp', 'procurement'],
    departmentId: 'bhr',
    answer: tx(
      'Find City of Portland job openings and apply online at portland.gov/jobs. Bid and contract opportunities are posted by the City’s Procurement Services on portland.gov. 311 can help you create an account and complete an online application.',
      'Consulte los empleos vacantes de la Ciudad de Portland y postúlese en línea en portland.gov/jobs. Las oportunidades de licitación y contratación las publica Servicios de Compras de la Ciudad en portland.gov. El 311 puede ayudarle a crear una cuenta y completar una solicitud en línea.',
    ),
  }),
  resolve({
    code: 'BOARDS_COMMISSIONS',
    name: tx('Apply for a City board or commission', 'Postularse a una junta o comisión de la Ciudad'),
    description: tx('Volunteer advisory boards and commissions where residents help shape City policy.', 'Juntas y comisiones asesoras voluntarias donde los residentes ayudan a definir las políticas de la Ciudad.'),
    group: 'information',
    keywords: ['board', 'commission', 'advisory board', 'volunteer board', 'apply for commission', 'committee', 'civic participation'],
    departmentId: 'pdx311',
    answer: tx(
      'Portland has many advisory boards and commissions where residents help shape City policies and services. See open seats and apply online at portland.gov (search “boards and commissions”); 311 can help you find a board and complete the application.',
      'Portland tiene muchas juntas y comisiones asesoras donde los residentes ayudan a definir las políticas y los servicios de la Ciudad. Consulte los puestos disponibles y postúlese en línea en portland.gov (busque “boards and commissions”); el 311 puede ayudarle a encontrar una junta y completar la solicitud.',
    ),
  }),
  resolve({
    code: 'BUDGET_TESTIMONY',
    name: tx('City budget and public testimony', 'Presupuesto de la Ciudad y testimonio público'),
    description: tx('How the City budget is made and how to testify on it or on a City Council item.', 'Cómo se elabora el presupuesto de la Ciudad y cómo dar testimonio sobre él o sobre un tema del Concejo Municipal.'),
    group: 'information',
    keywords: ['city budget', 'budget hearing', 'testify', 'testimony', 'budget process', 'public comment', 'council testimony'],
    departmentId: 'cbo',
    answer: tx(
      'The City Budget Office publishes the proposed and adopted budgets and the budget calendar at portland.gov/cbo. Each spring the City holds public hearings where anyone can testify in person, online or in writing. 311 can tell you how to sign up to testify on the budget or on any City Council agenda item.',
      'La Oficina de Presupuesto de la Ciudad publica los presupuestos propuesto y aprobado y el calendario del presupuesto en portland.gov/cbo. Cada primavera la Ciudad realiza audiencias públicas en las que cualquier persona puede dar su testimonio en persona, en línea o por escrito. El 311 puede decirle cómo inscribirse para dar testimonio sobre el presupuesto o sobre cualquier tema de la agenda del Concejo Municipal.',
    ),
  }),
  resolve({
    code: 'HEARINGS_APPEAL',
    name: tx('Appeal a City decision', 'Apelar una decisión de la Ciudad'),
    description: tx('How to appeal City decisions through the Hearings Office.', 'Cómo apelar decisiones de la Ciudad ante la Oficina de Audiencias.'),
    group: 'information',
    keywords: ['appeal', 'hearing', 'hearings office', 'tow hearing', 'contest tow', 'appeal a decision', 'exclusion appeal', 'land use appeal', 'code hearing'],
    departmentId: 'hearings',
    answer: tx(
      'The City’s Hearings Office hears appeals of many City decisions, including certain land use decisions, code enforcement fees and liens, billing, towing, and exclusions from parks or City facilities. Deadlines are short and are printed on the notice you received, so act quickly. 311 can explain how to file for your type of decision and connect you with the Hearings Office.',
      'La Oficina de Audiencias de la Ciudad atiende apelaciones de muchas decisiones de la Ciudad, incluidas ciertas decisiones de uso del suelo, cargos y gravámenes por cumplimiento de códigos, facturación, remolques y exclusiones de parques o instalaciones de la Ciudad. Los plazos son cortos y aparecen en el aviso que recibió, así que actúe pronto. El 311 puede explicarle cómo presentar la apelación según su tipo de decisión y ponerle en contacto con la Oficina de Audiencias.',
    ),
  }),
  resolve({
    code: 'BUSINESS_ASSISTANCE',
    name: tx('Small business assistance', 'Asistencia para pequeños negocios'),
    description: tx('Technical help, loans and grants for small businesses.', 'Asistencia técnica, préstamos y subvenciones para pequeños negocios.'),
    group: 'information',
    keywords: ['small business', 'business grant', 'business loan', 'start a business', 'business help', 'prosper portland', 'business assistance', 'entrepreneur'],
    departmentId: 'prosper',
    answer: tx(
      'Prosper Portland, the City’s economic development agency, offers technical assistance, loans and grants for small businesses, with a focus on businesses owned by people of color and on underserved neighborhoods. Find current programs at prosperportland.us; 311 can help you find the right program and application.',
      'Prosper Portland, la agencia de desarrollo económico de la Ciudad, ofrece asistencia técnica, préstamos y subvenciones para pequeños negocios, con enfoque en negocios de personas de color y en vecindarios desatendidos. Consulte los programas vigentes en prosperportland.us; el 311 puede ayudarle a encontrar el programa y la solicitud adecuados.',
    ),
  }),
  intake({
    code: 'COUNCIL_CONTACT',
    name: tx('Contact your City Councilors', 'Comuníquese con sus concejales'),
    description: tx(
      'Send a message to the three City Councilors who represent your district. Portland has twelve councilors, three from each of four districts; the location you give decides which district office receives your message.',
      'Envíe un mensaje a los tres concejales que representan a su distrito. Portland tiene doce concejales, tres por cada uno de los cuatro distritos; la ubicación que indique determina qué oficina de distrito recibe su mensaje.',
    ),
    group: 'information',
    keywords: ['city council', 'councilor', 'council member', 'contact council', 'my councilor', 'council district', 'elected official', 'message to council'],
    departmentId: 'city-council',
    slaHours: 80,
    slaKind: 'business',
    defaultPriority: 'low',
    attributes: [
      list('COUNCIL_TOPIC', 'singlevaluelist', true, 1, tx('What is your message about?', '¿De qué trata su mensaje?'), [
        opt('housing', 'Housing', 'Vivienda'),
        opt('homelessness', 'Homelessness', 'Personas sin hogar'),
        opt('transportation', 'Transportation and streets', 'Transporte y calles'),
        opt('public_safety', 'Public safety', 'Seguridad pública'),
        opt('parks', 'Parks and environment', 'Parques y medio ambiente'),
        opt('budget', 'Budget and taxes', 'Presupuesto e impuestos'),
        opt('other', 'Something else', 'Otro tema'),
      ]),
      field('MESSAGE', 'text', true, 2, tx('Your message', 'Su mensaje')),
      list('RESPONSE_WANTED', 'singlevaluelist', true, 3, tx('Would you like a response?', '¿Desea una respuesta?'), YES_NO),
    ],
  }),
  refer({
    code: 'COUNTY_SERVICES',
    name: tx('Multnomah County services', 'Servicios del Condado de Multnomah'),
    description: tx(
      'Elections, property tax, aging, disability and veterans services, libraries, health clinics and other County programs.',
      'Elecciones, impuestos a la propiedad, servicios para personas mayores, con discapacidad y veteranos, bibliotecas, clínicas de salud y otros programas del Condado.',
    ),
    group: 'information',
    keywords: ['multnomah county', 'county', 'elections', 'voting', 'property tax', 'assessment', 'library', 'marriage license', 'aging services', 'disability services', 'veterans'],
    departmentId: 'multco',
    defaultPriority: 'low',
    answer: tx(
      'Multnomah County runs elections, property assessment and taxation, aging, disability and veterans services, libraries, health clinics and animal services for everyone in the county, including Portland. Find the program at multco.us. 311 answers County questions too and can connect you with the right County office.',
      'El Condado de Multnomah administra las elecciones, la tasación y los impuestos a la propiedad, los servicios para personas mayores, con discapacidad y veteranos, las bibliotecas, las clínicas de salud y los servicios de animales para todo el condado, incluido Portland. Encuentre el programa en multco.us. El 311 también responde preguntas del Condado y puede ponerle en contacto con la oficina correcta.',
    ),
  }),
  refer({
    code: 'POWER_OUTAGE',
    name: tx('Power outage or downed power line', 'Apagón o cable eléctrico caído'),
    description: tx('Electricity is provided by private utilities, not the City.', 'La electricidad la suministran empresas privadas, no la Ciudad.'),
    group: 'information',
    keywords: ['power outage', 'power out', 'electricity out', 'downed power line', 'power line down', 'pge', 'blackout', 'no electricity', 'sparking wire'],
    departmentId: 'pge',
    answer: tx(
      'Report a power outage to your electric company: Portland General Electric at 503-464-7777 for most of Portland, or Pacific Power (pacificpower.net) for parts of the city. Stay well away from a downed power line, and call 9-1-1 if it is sparking or burning or if someone is hurt.',
      'Reporte un apagón a su compañía eléctrica: Portland General Electric al 503-464-7777 en la mayor parte de Portland, o Pacific Power (pacificpower.net) en algunas zonas de la ciudad. Manténgase lejos de un cable eléctrico caído y llame al 9-1-1 si echa chispas o se quema, o si alguien está herido.',
    ),
  }),
];
