/** The topics, teams and routes a session may name, as the options of a select. */
import { api } from '../../api/client';
import type { Option } from '../../lib/options';

export type Choices = { topics: Option<number>[]; teams: Option<number>[]; routes: Option<number>[] };
export const noChoices = (): Choices => ({ topics: [], teams: [], routes: [] });

export async function loadChoices(): Promise<Choices> {
  const [topics, teams, routes] = await Promise.all([
    api.GET('/api/v1/activities/topics'),
    api.GET('/api/v1/activities/teams'),
    api.GET('/api/v1/activities/routes'),
  ]);
  return {
    topics: topics.items.map((x) => ({ value: x.id, label: x.title })),
    teams: teams.items.map((x) => ({ value: x.id, label: x.name })),
    routes: routes.items.map((x) => ({ value: x.id, label: x.name })),
  };
}
