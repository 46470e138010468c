import { sql } from 'kysely';

/**
 * A date column read as its 'YYYY-MM-DD' text under its own name: the same on every driver (pg would give a
 * Date at midnight in the server's zone, PGlite another).
 */
export const dateText = <C extends string>(column: C) =>
  sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`.as(column);
