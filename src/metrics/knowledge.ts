/** 知识库直办率's numerator: requests of the period answered directly from a 知识库 article. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

export async function answeredFromKnowledge(
  db: Kysely<DB>,
  scope: { jurisdictionId: string; from: Date; to: Date; departmentCode?: string | undefined },
): Promise<number> {
  const { n } = await db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdiction_id', '=', scope.jurisdictionId)
    .where('knowledge_article_id', 'is not', null)
    .where('created_at', '>=', scope.from)
    .where('created_at', '<', scope.to)
    .where('status', '<>', 'merged')
    .$if(scope.departmentCode !== undefined, (q) => q.where('department_code', '=', scope.departmentCode!))
    .executeTakeFirstOrThrow();
  return Number(n);
}
