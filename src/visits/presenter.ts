import type { CampaignRow, VisitRow } from './queries.js';

export const CAMPAIGN_LABELS = {
  liangjin_liangwen: '两进两问',
  sanlian_sanjie: '三联三解',
  custom: '自定义',
} as const;
const VISITOR_LABELS = { official: '干部', deputy: '人大代表', grid_worker: '网格员' } as const;
const VISITEE_LABELS = { household: '住户', enterprise: '企业', community: '村（社区）' } as const;

/** A visit as staff see it: the household's name and phone only masked. */
export function presentVisit(v: VisitRow, names: { areas: Map<string, string> }) {
  return {
    id: v.id,
    campaign_id: v.campaign_id,
    visitor: {
      user_id: v.visitor_user_id,
      name: v.visitor_label,
      kind: v.visitor_kind,
      kind_label: VISITOR_LABELS[v.visitor_kind],
    },
    visitee: { kind: v.visitee_kind, kind_label: VISITEE_LABELS[v.visitee_kind], label: v.visitee_label },
    visited_at: v.visited_at.toISOString(),
    place: {
      area_code: v.area_code,
      area_name: v.area_code ? (names.areas.get(v.area_code) ?? v.area_code) : null,
      address: v.address,
      lat: v.lat,
      lon: v.lon,
    },
    notes: v.notes,
    needs: v.needs.map((r) => ({
      request_id: r.id,
      ticket_no: r.ticket_no,
      status: r.status,
      title: r.title,
      body: r.body,
      department_code: r.department_code,
    })),
    created_at: v.created_at.toISOString(),
  };
}

export function presentCampaign(c: CampaignRow) {
  return {
    id: c.id,
    kind: c.kind,
    kind_label: CAMPAIGN_LABELS[c.kind],
    name: c.name,
    description: c.description,
    starts_on: c.starts_on ?? null,
    ends_on: c.ends_on ?? null,
    created_at: c.created_at.toISOString(),
  };
}
