import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { userActor, type UserActor } from '../http/actor.js';
import { hashPassword } from '../users/passwords.js';
import { ACTOR_COLUMNS, createStaffUser, type NewStaff } from '../users/users.js';
import type { CityFile } from './reference.js';

/**
 * The demo accounts: one per desk role, and `handler.<department>` / `head.<department>` for every department,
 * all with one password (hashed once: argon2 is deliberately slow).
 */
export async function loadDemoUsers(db: Kysely<DB>, city: CityFile, password: string) {
  const j = city.jurisdiction.id;
  const passwordHash = await hashPassword(password);
  const users: NewStaff[] = [
    { jurisdictionId: j, username: 'admin', displayName: '系统管理员', role: 'admin' },
    { jurisdictionId: j, username: 'operator', displayName: '话务员 王芳', role: 'operator' },
    { jurisdictionId: j, username: 'dispatcher', displayName: '派单员 李强', role: 'dispatcher' },
    { jurisdictionId: j, username: 'supervisor', displayName: '督办员 陈静', role: 'supervisor' },
    {
      jurisdictionId: j,
      username: 'fieldworker',
      displayName: '网格员 周敏',
      role: 'field_worker',
      areaCode: 'xc-wangting-guoyuan',
    },
    ...city.departments.flatMap((d): NewStaff[] => [
      {
        jurisdictionId: j,
        username: `handler.${d.code}`,
        displayName: `${d.name}承办人`,
        role: 'handler',
        departmentCode: d.code,
      },
      {
        jurisdictionId: j,
        username: `head.${d.code}`,
        displayName: `${d.name}负责人`,
        role: 'department_head',
        departmentCode: d.code,
      },
    ]),
  ];
  for (const u of users) await createStaffUser(db, { ...u, passwordHash });
  return users.length;
}

/** The demo accounts as the actors they act as once logged in: a lookup by username (an unknown one throws). */
export async function demoActors(db: Kysely<DB>, j: string): Promise<(username: string) => UserActor> {
  const rows = await db
    .selectFrom('users as u')
    .select(['u.username', ...ACTOR_COLUMNS])
    .where('u.jurisdiction_id', '=', j)
    .where('u.username', 'is not', null)
    .execute();
  const actors = new Map(rows.map((u) => [u.username, userActor(u)]));
  return (username) => {
    const actor = actors.get(username);
    if (!actor) throw new Error(`no demo user ${username}`);
    return actor;
  };
}
