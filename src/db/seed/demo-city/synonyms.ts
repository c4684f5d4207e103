/**
 * The demo city's search synonyms: words residents use for the same thing. Each set is searched as
 * one: a query with any term also finds the others. Staff edit them later (PUT /api/v1/search/synonyms);
 * the seed loads them only while the city has none, so it never overwrites their edits.
 */
export const synonymSets: string[][] = [
  ['trash', 'garbage', 'rubbish', 'refuse'],
  ['dumping', 'dumped', 'illegal dumping', 'fly tipping'],
  ['couch', 'sofa', 'bulky item', 'furniture'],
  ['car', 'vehicle', 'auto'],
  ['streetlight', 'street light', 'streetlamp', 'street lamp'],
  ['stoplight', 'traffic light', 'traffic signal'],
  ['sidewalk', 'pavement', 'footpath'],
  ['pothole', 'pot hole'],
  ['graffiti', 'tagging'],
  ['homeless camp', 'encampment', 'campsite', 'tent'],
  ['needle', 'syringe', 'sharps'],
  ['recycling', 'recycle', 'recyclables'],
  ['compost', 'yard debris', 'food scraps'],
  ['tow', 'towed', 'impound'],
  ['ticket', 'citation', 'fine'],
  ['rats', 'rodents', 'mice'],
  ['landlord', 'property manager'],
  ['basura', 'desechos'],
  ['bache', 'hoyo en la calle'],
  ['farola', 'luz de la calle', 'alumbrado'],
  ['rastrear', 'seguir', 'seguimiento', 'consultar el estado'],
  ['recoger', 'recoge', 'recogen', 'recolección', 'recogida'],
];
