/** What leaves for staff: every field of a team, topic, route or session chosen here (no attendee's name or phone). */
import type { ReferenceSnapshot } from '../routing/reference-cache.js';
import {
  FORMAT_LABELS,
  MEMBER_ROLE_LABELS,
  ROUTE_KIND_LABELS,
  SESSION_KIND_LABELS,
  TEAM_KIND_LABELS,
  TEAM_LEVEL_LABELS,
} from './formats.js';
import { needState } from './need-state.js';
import type { NeedRow, RouteView, SessionNames, SessionView, TeamView, TopicView } from './queries.js';
import { sessionState } from './session-state.js';

type Names = ReferenceSnapshot['names'];
const named = (names: Map<string, string>, code: string | null) =>
  code ? { code, name: names.get(code) ?? code } : null;

export function presentTeam(t: TeamView, names: Names) {
  return {
    id: t.id,
    name: t.name,
    kind: t.kind,
    kind_label: TEAM_KIND_LABELS[t.kind],
    level: t.level,
    level_label: TEAM_LEVEL_LABELS[t.level],
    department: named(names.departments, t.department_code),
    area: named(names.areas, t.area_code),
    members: t.members.map((m) => ({
      user_id: m.user_id,
      name: m.name ?? m.user_name ?? '',
      role: m.role,
      role_label: MEMBER_ROLE_LABELS[m.role],
    })),
    created_at: t.created_at,
  };
}

export function presentTopic(t: TopicView, names: Names) {
  return {
    id: t.id,
    title: t.title,
    summary: t.summary,
    materials: t.materials.map((m) => ({ title: m.title, url: m.url })),
    period_start: t.period_start,
    period_end: t.period_end,
    target:
      t.target_area_code && t.coverage
        ? {
            area: named(names.areas, t.target_area_code)!,
            date: t.target_date,
            communities: t.coverage.communities,
            covered: t.coverage.covered,
          }
        : null,
    sessions: { held: t.held, planned: t.planned },
    created_at: t.created_at,
  };
}

export function presentRoute(r: RouteView) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    kind_label: ROUTE_KIND_LABELS[r.kind],
    description: r.description,
    stops: r.stops.map((s) => ({
      position: s.position,
      name: s.name,
      lat: s.lat,
      lon: s.lon,
      story: s.story,
    })),
    created_at: r.created_at,
  };
}

/** Places left: the capacity less the named attendees and the walk-ins counted (never below 0). */
export const placesLeft = (s: { capacity: number | null; named: number; headcount: number }) =>
  s.capacity === null ? null : Math.max(0, s.capacity - s.named - s.headcount);

export function presentSessionItem(s: SessionView, names: SessionNames, areas: Names, now: Date) {
  const topic = s.topic_id !== null ? names.topics.get(s.topic_id) : undefined;
  const team = s.team_id !== null ? names.teams.get(s.team_id) : undefined;
  const route = s.route_id !== null ? names.routes.get(s.route_id) : undefined;
  return {
    id: s.id,
    title: s.title,
    kind: s.kind,
    kind_label: SESSION_KIND_LABELS[s.kind],
    format: s.format,
    format_label: FORMAT_LABELS[s.format],
    topic: topic ? { id: topic.id, title: topic.title } : null,
    team: team ? { id: team.id, name: team.name } : null,
    speakers: s.speakers,
    party_branch: s.party_branch,
    starts_at: s.starts_at,
    ends_at: s.ends_at,
    area: named(areas.areas, s.area_code)!,
    venue: s.venue,
    route: route ? { id: route.id, name: route.name } : null,
    audiences: s.audiences,
    capacity: s.capacity,
    places_left: placesLeft(s),
    registration_required: s.registration_required,
    is_public: s.is_public,
    state: sessionState(s, now),
    attendance: { named: s.named, headcount: s.headcount, total: s.named + s.headcount },
    cancelled_at: s.cancelled_at,
    version: s.version,
  };
}

export function presentNeed(r: NeedRow) {
  return {
    request_id: r.id,
    ticket_no: r.ticket_no,
    title: r.title,
    body: r.body,
    status: r.status,
    state: needState(r.status),
    department_code: r.department_code,
    created_at: r.created_at,
  };
}

export function presentSession(
  s: SessionView,
  more: {
    names: SessionNames;
    areas: Names;
    now: Date;
    feedback: {
      count: number;
      average: number | null;
      comments: { rating: number; comment: string; at: Date }[];
    };
    needs: NeedRow[];
    mayManage: boolean;
  },
) {
  return {
    ...presentSessionItem(s, more.names, more.areas, more.now),
    cancel_reason: s.cancel_reason,
    organiser: {
      user_id: s.organiser_user_id,
      name: more.names.organisers.get(s.organiser_user_id)?.name ?? '',
    },
    feedback: more.feedback,
    needs: more.needs.map(presentNeed),
    may_manage: more.mayManage,
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
}
