/**
 * Approximate outlines for the demo city, as [longitude, latitude] (WGS 84).
 *
 * The shapes are hand-simplified from the public outlines of the City of Portland, Multnomah County
 * and Portland's four council districts (in use since January 2025). They are deliberately a little
 * generous: demo points near the edge should land inside the city, not in the river or in Beaverton.
 *
 * The district rings are built from the named vertices below so that neighbouring districts share
 * their edges exactly (no slivers or gaps): the city outline, the Willamette River, I-205 and I-84.
 */
import type { Ring } from './types.ts';

type Point = [lon: number, lat: number];

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;

/** The point on segment a→b at the given longitude (a and b must span it). */
function atLon(a: Point, b: Point, lon: number): Point {
  const t = (lon - a[0]) / (b[0] - a[0]);
  return [lon, round6(a[1] + t * (b[1] - a[1]))];
}

/** The point on segment a→b at the given latitude (a and b must span it). */
function atLat(a: Point, b: Point, lat: number): Point {
  const t = (lat - a[1]) / (b[1] - a[1]);
  return [round6(a[0] + t * (b[0] - a[0])), lat];
}

// ── City of Portland outline, clockwise from the north-west (Forest Park / Linnton) ──────────────
const P1: Point = [-122.845, 45.655]; // north-west corner, Multnomah Channel / Columbia
const P2: Point = [-122.765, 45.655]; // mouth of the Willamette at Kelley Point
const P3: Point = [-122.69, 45.628]; // Columbia River north of Hayden Island
const P4: Point = [-122.61, 45.612]; // Columbia River north of the airport
const P5: Point = [-122.53, 45.592]; // Government Island
const P6: Point = [-122.465, 45.575]; // north-east corner, Marine Drive near NE 185th
const P7: Point = [-122.465, 45.505]; // Gresham line
const P8: Point = [-122.468, 45.455]; // south-east corner, Pleasant Valley
const P9: Point = [-122.525, 45.44]; // Clackamas County line
const P10: Point = [-122.6, 45.445]; // Clackamas County line near SE 82nd
const P11: Point = [-122.64, 45.455]; // Milwaukie line
const P12: Point = [-122.66, 45.432]; // Willamette River at Dunthorpe (south end of the city's river reach)
const P13: Point = [-122.72, 45.43]; // Lake Oswego line
const P14: Point = [-122.76, 45.442]; // Tigard line
const P15: Point = [-122.78, 45.47]; // Garden Home / Raleigh Hills
const P16: Point = [-122.795, 45.505]; // West Hills, Sylvan
const P17: Point = [-122.815, 45.545]; // Forest Heights / Skyline
const P18: Point = [-122.84, 45.59]; // Forest Park
const P19: Point = [-122.85, 45.63]; // north end of Forest Park

export const PORTLAND_BOUNDARY: Ring = [P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, P18, P19];

// ── Willamette River, south to north (P12 … P2) ───────────────────────────────────────────────────
const R1: Point = [-122.664, 45.464]; // Sellwood Bridge
const R2: Point = [-122.668, 45.49]; // Ross Island
const R3: Point = [-122.67, 45.508]; // Tilikum Crossing / Marquam Bridge
const R4: Point = [-122.668, 45.522]; // Burnside Bridge
const R5: Point = [-122.672, 45.53]; // Steel Bridge
const R6: Point = [-122.684, 45.54]; // Fremont Bridge
const R7: Point = [-122.7, 45.553]; // NW Front Avenue
const R8: Point = [-122.72, 45.567]; // west of Swan Island
const R9: Point = [-122.763, 45.586]; // St. Johns Bridge
const R10: Point = [-122.778, 45.604]; // Linnton
const R11: Point = [-122.775, 45.626]; // Multnomah Channel / Kelley Point

// ── I-205, north to south ─────────────────────────────────────────────────────────────────────────
const I0: Point = atLon(P4, P5, -122.547); // Glenn L. Jackson Bridge, on the city line
const I1: Point = [-122.553, 45.57]; // Columbia Boulevard
const I2: Point = [-122.56, 45.545]; // Sandy Boulevard
const I3: Point = [-122.563, 45.532]; // Gateway (I-84 interchange)
const I4: Point = [-122.566, 45.504]; // SE Division Street
const I5: Point = [-122.567, 45.483]; // SE Foster Road
const I6: Point = [-122.57, 45.46]; // Johnson Creek
const I7: Point = atLon(P10, P9, -122.572); // on the city line

// ── I-84 (Banfield), west to east, from the Steel Bridge to Gateway ──────────────────────────────
const J1: Point = [-122.64, 45.532]; // NE 33rd Avenue
const J2: Point = [-122.61, 45.536]; // Hollywood
const J3: Point = [-122.58, 45.533]; // NE 82nd Avenue

// ── Neighbourhood-coalition dividers ───────────────────────────────────────────────────────────────
const K1: Point = [-122.675, 45.555]; // I-5 at N Going Street
const K2: Point = [-122.68, 45.577]; // I-5 at N Lombard Street
const K3: Point = [-122.684, 45.6]; // I-5 at Delta Park
const K4: Point = atLon(P3, P4, -122.676); // Interstate Bridge, on the city line
const L1: Point = atLon(P3, P4, -122.64); // NE 33rd Avenue extended to the Columbia
const M1: Point = [-122.69, 45.508]; // I-405 / SW Market Street
const M2: Point = [-122.72, 45.512]; // US-26 through the Vista Ridge Tunnel
const M3: Point = [-122.76, 45.51]; // US-26 at Sylvan
const M4: Point = atLat(P16, P17, 45.51); // on the city line

// ── Council districts (2025) ───────────────────────────────────────────────────────────────────────
/** District 1: East Portland, east of I-205, Columbia River to the Clackamas County line. */
export const DISTRICT_1: Ring = [I0, P5, P6, P7, P8, P9, I7, I6, I5, I4, I3, I2, I1];
/** District 2: North and Northeast Portland, north of I-84 between the Willamette and I-205. */
export const DISTRICT_2: Ring = [R5, R6, R7, R8, R9, R10, R11, P2, P3, P4, I0, I1, I2, I3, J3, J2, J1];
/** District 3: Southeast Portland, south of I-84 between the Willamette and I-205. */
export const DISTRICT_3: Ring = [R5, J1, J2, J3, I3, I4, I5, I6, I7, P10, P11, P12, R1, R2, R3, R4];
/** District 4: everything west of the Willamette — downtown, Northwest, Southwest, Forest Park. */
export const DISTRICT_4: Ring = [P12, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, P2, P1, P19, P18, P17, P16, P15, P14, P13];

// ── Neighbourhood coalitions (very approximate) ────────────────────────────────────────────────────
export const COALITION_NORTH: Ring = [R6, K1, K2, K3, K4, P3, P2, R11, R10, R9, R8, R7];
export const COALITION_NORTHEAST: Ring = [R5, J1, L1, K4, K3, K2, K1, R6];
export const COALITION_CENTRAL_NORTHEAST: Ring = [J1, J2, J3, I3, I2, I1, I0, P4, L1];
export const COALITION_SOUTHEAST: Ring = DISTRICT_3;
export const COALITION_EAST: Ring = DISTRICT_1;
export const COALITION_WEST_NORTHWEST: Ring = [R3, R4, R5, R6, R7, R8, R9, R10, R11, P2, P1, P19, P18, P17, M4, M3, M2, M1];
export const COALITION_SOUTHWEST: Ring = [P12, R1, R2, R3, M1, M2, M3, M4, P16, P15, P14, P13];

// ── Multnomah County outline, clockwise from the north end of Sauvie Island ───────────────────────
export const MULTNOMAH_BOUNDARY: Ring = [
  [-122.935, 45.735], // Sauvie Island, Columbia County line
  [-122.76, 45.735], // Columbia River east of Sauvie Island
  [-122.755, 45.668], // Kelley Point
  [-122.68, 45.64], // Interstate Bridge
  [-122.6, 45.622], // north of the airport
  [-122.46, 45.59], // Blue Lake
  [-122.38, 45.58], // Troutdale, mouth of the Sandy River
  [-122.25, 45.565], // Corbett
  [-122.1, 45.6], // Multnomah Falls
  [-121.93, 45.655], // Bonneville Dam
  [-121.82, 45.64], // Hood River County line
  [-121.82, 45.44], // Bull Run watershed
  [-122.25, 45.44], // Clackamas County line
  [-122.46, 45.425],
  [-122.8, 45.425], // south of Lake Oswego
  [-122.815, 45.5], // Washington County line
  [-122.84, 45.545],
  [-122.865, 45.59],
  [-122.88, 45.64], // Multnomah Channel
];
