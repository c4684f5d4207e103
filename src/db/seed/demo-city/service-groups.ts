import { tx } from './helpers.ts';
import type { SeedServiceGroup } from './types.ts';

export const serviceGroups: SeedServiceGroup[] = [
  { code: 'streets', name: tx('Streets & sidewalks', 'Calles y aceras', ['Đường phố và vỉa hè', '街道與人行道', 'Улицы и тротуары']) },
  { code: 'transportation-parking', name: tx('Transportation & parking', 'Transporte y estacionamiento', ['Giao thông và đỗ xe', '交通與停車', 'Транспорт и парковка']) },
  { code: 'parks-trees', name: tx('Parks & trees', 'Parques y árboles', ['Công viên và cây xanh', '公園與樹木', 'Парки и деревья']) },
  { code: 'water-sewer', name: tx('Water & sewer', 'Agua y alcantarillado', ['Nước và cống rãnh', '供水與污水', 'Водоснабжение и канализация']) },
  { code: 'garbage-recycling', name: tx('Garbage & recycling', 'Basura y reciclaje', ['Rác và tái chế', '垃圾與資源回收', 'Мусор и переработка']) },
  { code: 'graffiti-dumping', name: tx('Graffiti & illegal dumping', 'Grafiti y vertido ilegal', ['Vẽ bậy và đổ rác trái phép', '塗鴉與非法傾倒', 'Граффити и незаконные свалки']) },
  { code: 'noise-nuisance', name: tx('Noise & nuisance', 'Ruido y molestias', ['Tiếng ồn và gây phiền toái', '噪音與滋擾', 'Шум и нарушения порядка']) },
  { code: 'housing-building', name: tx('Housing & building', 'Vivienda y edificios', ['Nhà ở và xây dựng', '住房與建築', 'Жильё и здания']) },
  { code: 'animals', name: tx('Animals', 'Animales', ['Động vật', '動物', 'Животные']) },
  { code: 'homelessness-social', name: tx('Homelessness & social services', 'Personas sin hogar y servicios sociales', ['Người vô gia cư và dịch vụ xã hội', '無家可歸者與社會服務', 'Бездомность и социальные услуги']) },
  { code: 'civil-rights', name: tx('Civil rights & accessibility', 'Derechos civiles y accesibilidad', ['Dân quyền và khả năng tiếp cận', '民權與無障礙', 'Гражданские права и доступная среда']) },
  { code: 'public-safety', name: tx('Public safety & emergencies', 'Seguridad pública y emergencias', ['An toàn công cộng và trường hợp khẩn cấp', '公共安全與緊急狀況', 'Общественная безопасность и чрезвычайные ситуации']) },
  { code: 'payments', name: tx('Payments', 'Pagos', ['Thanh toán', '繳費', 'Платежи']) },
  { code: 'permits-licenses', name: tx('Permits & licenses', 'Permisos y licencias', ['Giấy phép', '許可證與執照', 'Разрешения и лицензии']) },
  { code: 'information', name: tx('Information & referral', 'Información y referencias', ['Thông tin và giới thiệu dịch vụ', '資訊與轉介', 'Информация и направление']) },
];
