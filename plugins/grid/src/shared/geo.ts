import type { GridBoundary } from '../grids/grid-profile.entity';

type Ring = number[][];

/** Ray casting over one ring of [longitude, latitude] points. */
function inRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
function inPolygon(lng: number, lat: number, rings: Ring[]): boolean {
  const [outer, ...holes] = rings;
  return !!outer && inRing(lng, lat, outer) && !holes.some((h) => inRing(lng, lat, h));
}

/** Is the point inside a GeoJSON Polygon or MultiPolygon? */
export function contains(boundary: GridBoundary, lat: number, lng: number): boolean {
  if (boundary.type === 'Polygon') return inPolygon(lng, lat, boundary.coordinates as Ring[]);
  return (boundary.coordinates as Ring[][]).some((p) => inPolygon(lng, lat, p));
}

/** A structurally valid GeoJSON Polygon/MultiPolygon: closed rings of at least 4 positions in range. */
export function isBoundary(value: unknown): value is GridBoundary {
  if (!value || typeof value !== 'object') return false;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  const position = (p: unknown) =>
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Math.abs(p[0]) <= 180 &&
    Math.abs(p[1]) <= 90;
  const ring = (r: unknown) =>
    Array.isArray(r) &&
    r.length >= 4 &&
    r.every(position) &&
    r[0][0] === r[r.length - 1][0] &&
    r[0][1] === r[r.length - 1][1];
  const polygon = (p: unknown) => Array.isArray(p) && p.length >= 1 && p.every(ring);
  if (type === 'Polygon') return polygon(coordinates);
  if (type === 'MultiPolygon')
    return Array.isArray(coordinates) && coordinates.length >= 1 && coordinates.every(polygon);
  return false;
}
