/**
 * The query mix of the search benchmark: what residents and agents type — plain words, plurals,
 * misspellings, phone-style sentences, Spanish, and the social-service topics the directory answers.
 */
export const SEARCH_QUERIES: Array<[q: string, locale: 'en' | 'es']> = [
  ['pothole', 'en'], ['potholes', 'en'], ['pothol', 'en'], ['graffiti', 'en'], ['grafiti', 'en'], ['recyling', 'en'],
  ['garbge', 'en'], ['garbage day', 'en'], ['trash pickup', 'en'], ['when is my trash day', 'en'], ['bulky items', 'en'],
  ["my garbage wasn't picked up", 'en'], ['someone dumped a mattress', 'en'], ['street light out', 'en'], ['streetlite out', 'en'],
  ['traffic signal stuck on red', 'en'], ['abandoned car', 'en'], ['abandonned vehicle', 'en'], ['car blocking my driveway', 'en'],
  ['parking ticket', 'en'], ['tow', 'en'], ['noise complaint', 'en'], ['loud music at night', 'en'], ['barking dog', 'en'],
  ['fallen tree', 'en'], ['tree branch on the road', 'en'], ['water leak', 'en'], ['brown water', 'en'], ['sewer backup', 'en'],
  ['flooded street', 'en'], ['needles in the park', 'en'], ['homeless camp', 'en'], ['encampmint', 'en'], ['rats', 'en'],
  ['power outage', 'en'], ['landlord will not fix the heat', 'en'], ['eviction', 'en'], ['building permit', 'en'],
  ['business license', 'en'], ['arts tax', 'en'], ['water bill', 'en'], ['city jobs', 'en'], ['track my request', 'en'],
  ['who do i call', 'en'], ['police non emergency', 'en'], ['sidewalk cracked', 'en'], ['curb ramp', 'en'], ['leaf day', 'en'],
  ['food pantry', 'en'], ['food stamps', 'en'], ['free meals', 'en'], ['homeless shelter', 'en'], ['emergency shelter for families', 'en'],
  ['rent assistance', 'en'], ['help paying electric bill', 'en'], ['mental health counseling', 'en'], ['substance abuse treatment', 'en'],
  ['legal aid', 'en'], ['immigration lawyer', 'en'], ['domestic violence', 'en'], ['senior services', 'en'], ['child care', 'en'],
  ['job training', 'en'], ['dental clinic', 'en'], ['veterans', 'en'], ['disability services', 'en'], ['transportation to medical appointments', 'en'],
  ['quién recoge la basura', 'es'], ['bache en la calle', 'es'], ['baches', 'es'], ['grafiti en mi pared', 'es'], ['semaforo descompuesto', 'es'],
  ['recolección de basura', 'es'], ['vehiculo abandonado', 'es'], ['fuga de agua', 'es'], ['luz de la calle apagada', 'es'],
  ['como rastrear mi solicitud', 'es'], ['ayuda con la renta', 'es'], ['comida gratis', 'es'], ['albergue', 'es'], ['ruido', 'es'],
];
