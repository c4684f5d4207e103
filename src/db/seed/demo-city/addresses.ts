/**
 * The demo city's gazetteer: a few dozen public buildings, parks, libraries and community centres of
 * Portland at their real street addresses, plus address points along four real streets, so address
 * search, "use my location", the map and the Nearby page have something to find.
 *
 * What is approximate: every coordinate. Landmarks were placed by hand from memory of the city's
 * map (within about a block); the street points are *interpolated* from Portland's address grid
 * (east side: 100 numbers a block east from the Willamette; downtown: 100 a block south from
 * Burnside) — their numbers follow the real grid, but a given number is not a surveyed address and
 * may not exist. All points are marked `approximate`. For real data, import the county's
 * OpenAddresses file: `npx frontdoor import addresses --format openaddresses FILE.csv`.
 */
import type { AddressInput } from '../../../modules/geo/import.ts';

const place = (placeName: string, number: string, street: string, postcode: string, lat: number, lon: number): AddressInput => ({
  placeName,
  number,
  street,
  postcode,
  city: 'Portland',
  region: 'OR',
  lat,
  lon,
  approximate: true,
});

export const DEMO_LANDMARKS: AddressInput[] = [
  // Downtown and the west side (council district 4)
  place('The Portland Building', '1120', 'SW 5th Ave', '97204', 45.5158, -122.6795),
  place('Portland City Hall', '1221', 'SW 4th Ave', '97204', 45.5146, -122.679),
  place('Multnomah County Central Library', '801', 'SW 10th Ave', '97205', 45.5193, -122.6831),
  place('Pioneer Courthouse Square', '701', 'SW 6th Ave', '97204', 45.5189, -122.6793),
  place('Multnomah County Central Courthouse', '1200', 'SW 1st Ave', '97204', 45.5145, -122.6745),
  place('Justice Center', '1111', 'SW 2nd Ave', '97204', 45.5152, -122.676),
  place('Keller Auditorium', '222', 'SW Clay St', '97201', 45.5127, -122.679),
  place('Portland Union Station', '800', 'NW 6th Ave', '97209', 45.529, -122.6765),
  place('Portland Fire & Rescue Station 1', '55', 'SW Ash St', '97204', 45.522, -122.672),
  place('Portland Art Museum', '1219', 'SW Park Ave', '97205', 45.5162, -122.6834),
  place('Oregon Historical Society', '1200', 'SW Park Ave', '97205', 45.5165, -122.6824),
  place('Providence Park', '1844', 'SW Morrison St', '97205', 45.5214, -122.6917),
  place('Oregon Zoo', '4001', 'SW Canyon Rd', '97221', 45.51, -122.716),
  place('Portland Japanese Garden', '611', 'SW Kingston Ave', '97205', 45.519, -122.708),
  place('International Rose Test Garden', '400', 'SW Kingston Ave', '97205', 45.519, -122.705),
  place('Pittock Mansion', '3229', 'NW Pittock Dr', '97210', 45.5251, -122.7163),
  place('Hillsdale Library', '1525', 'SW Sunset Blvd', '97239', 45.4797, -122.696),
  place('Southwest Community Center', '6820', 'SW 45th Ave', '97219', 45.474, -122.722),
  place('Multnomah Arts Center', '7688', 'SW Capitol Hwy', '97219', 45.4686, -122.7117),
  // North and Northeast (district 2)
  place('Moda Center', '1', 'N Center Court St', '97227', 45.5316, -122.6668),
  place('Matt Dishman Community Center', '77', 'NE Knott St', '97212', 45.5412, -122.6652),
  place('Albina Library', '3605', 'NE 15th Ave', '97212', 45.549, -122.6502),
  place('Hollywood Library', '4040', 'NE Tillamook St', '97212', 45.538, -122.6214),
  place('North Portland Library', '512', 'N Killingsworth St', '97217', 45.5625, -122.6713),
  place('Peninsula Park Community Center', '700', 'N Rosa Parks Way', '97217', 45.5685, -122.676),
  place('Kenton Library', '8226', 'N Denver Ave', '97217', 45.583, -122.686),
  place('St. Johns Library', '7510', 'N Charleston Ave', '97203', 45.5893, -122.7535),
  place('Charles Jordan Community Center', '9009', 'N Foss Ave', '97203', 45.5853, -122.727),
  place('Gregory Heights Library', '7921', 'NE Sandy Blvd', '97213', 45.551, -122.581),
  place('Portland International Airport', '7000', 'NE Airport Way', '97218', 45.5887, -122.593),
  // Southeast (district 3)
  place('Oregon Convention Center', '777', 'NE Martin Luther King Jr Blvd', '97232', 45.5286, -122.6631),
  place('OMSI', '1945', 'SE Water Ave', '97214', 45.5083, -122.6655),
  place('Multnomah County Building', '501', 'SE Hawthorne Blvd', '97214', 45.5122, -122.6595),
  place('Belmont Library', '1038', 'SE Cesar E Chavez Blvd', '97214', 45.5153, -122.6224),
  place('Woodstock Library', '6008', 'SE 49th Ave', '97206', 45.4797, -122.615),
  place('Sellwood-Moreland Library', '7860', 'SE 13th Ave', '97202', 45.4686, -122.653),
  place('Mt. Scott Community Center', '5530', 'SE 72nd Ave', '97206', 45.482, -122.589),
  place('Holgate Library', '7905', 'SE Holgate Blvd', '97206', 45.49, -122.583),
  // East Portland (district 1)
  place('Montavilla Community Center', '8219', 'NE Glisan St', '97220', 45.5267, -122.58),
  place('East Portland Community Center', '740', 'SE 106th Ave', '97216', 45.517, -122.554),
  place('Midland Library', '805', 'SE 122nd Ave', '97233', 45.5168, -122.5384),
];

/** Points along an east-side street: house number N lies about N/100 blocks east of the river. */
function eastSide(street: string, postcode: string, lat: number, from: number, to: number): AddressInput[] {
  const points: AddressInput[] = [];
  for (let block = from; block < to; block += 100) {
    for (const offset of [0, 1, 20, 21, 40, 41, 60, 61, 80, 81]) {
      const n = block + offset;
      points.push({ number: String(n), street, city: 'Portland', region: 'OR', postcode, lat: lat + (n % 2 ? 0.00012 : -0.00012), lon: -122.6665 + (n / 100) * 0.00114, approximate: true });
    }
  }
  return points;
}

/** Points along SW 5th Avenue downtown: house number N lies about N/100 blocks south of Burnside. */
function swFifth(from: number, to: number): AddressInput[] {
  const points: AddressInput[] = [];
  for (let block = from; block < to; block += 100) {
    for (const offset of [0, 1, 25, 26, 50, 51, 75, 76]) {
      const n = block + offset;
      if (n === 1120) continue;
      points.push({ number: String(n), street: 'SW 5th Ave', city: 'Portland', region: 'OR', postcode: '97204', lat: 45.523 - (n / 100) * 0.00066, lon: -122.6768 - (n / 100) * 0.00024 + (n % 2 ? 0.00012 : -0.00012), approximate: true });
    }
  }
  return points;
}

export const DEMO_STREET_POINTS: AddressInput[] = [
  ...swFifth(200, 1500),
  ...eastSide('SE Hawthorne Blvd', '97214', 45.5122, 1000, 5000),
  ...eastSide('SE Division St', '97202', 45.5046, 1000, 5000),
  ...eastSide('NE Alberta St', '97211', 45.559, 500, 3300),
];

/** Every demo address point. */
export const DEMO_ADDRESSES: AddressInput[] = [...DEMO_LANDMARKS, ...DEMO_STREET_POINTS];
