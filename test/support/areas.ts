/** Points of the demo city's areas, read from their stored shapes. */
import type { AppContext } from '../../src/context.js';
import type { GeoJsonGeometry } from '../../src/db/schema.js';

/** The mean of a community's outer-ring vertices (a point inside it for the demo's convex shapes). */
export async function centroidOf(ctx: AppContext, code: string): Promise<{ lat: number; lon: number }> {
  const row = await ctx.db
    .selectFrom('areas')
    .select('geometry')
    .where('jurisdiction_id', '=', ctx.config.defaultJurisdiction)
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  const g = row.geometry as GeoJsonGeometry;
  const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0]![0])!;
  const vertices = ring.slice(0, -1) as [number, number][];
  return {
    lon: vertices.reduce((s, v) => s + v[0], 0) / vertices.length,
    lat: vertices.reduce((s, v) => s + v[1], 0) / vertices.length,
  };
}
