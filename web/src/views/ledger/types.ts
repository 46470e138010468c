/** The ledger API's JSON (src/projects/presenter.ts, src/visits/presenter.ts). */
export type Named = { code: string; name: string };

export interface Milestone {
  seq: number;
  title: string;
  due_date: string;
  done_date: string | null;
  evidence: string;
  weight: number | null;
  overdue: boolean;
}

export interface Project {
  id: number;
  code: string;
  year: number;
  kind: (typeof PROJECT_KINDS)[number];
  title: string;
  description: string;
  level: string;
  owner_department: Named;
  co_departments: Named[];
  areas: Named[];
  target: string;
  start_date: string | null;
  due_date: string;
  progress: number;
  progress_mode: 'milestones' | 'manual';
  progress_note: string;
  status: string;
  on_schedule: boolean;
  as_of: string;
  milestones: Milestone[];
  linked_requests_count: number;
  updated_at: string;
  public?: boolean;
  version?: number;
  updates?: {
    seq: number;
    type: string;
    progress: number | null;
    note: string;
    actor: string;
    actor_role: string;
    at: string;
  }[];
  linked_requests?: { id: number; ticket_no: string; status: string; title: string; created_at: string }[];
}

export interface BulletinItem {
  id: number;
  code: string;
  title: string;
  level: string;
  owner_department: Named;
  target: string;
  due_date: string;
  progress: number;
  status: string;
}

export interface Bulletin {
  as_of: string;
  period: string;
  paragraph: string;
  counts: Record<string, number>;
  by_level: Record<string, Record<string, number>>;
  projects: BulletinItem[];
}

export interface Campaign {
  id: number;
  kind: string;
  name: string;
  description: string;
  starts_on: string | null;
  ends_on: string | null;
}

export interface CampaignProgress {
  campaign: Campaign;
  totals: { planned: number; done: number; needs?: number; rate: number | null };
  by_visitor: {
    visitor: { user_id: number; name: string };
    planned: number;
    done: number;
    needs: number;
    rate: number | null;
  }[];
  by_area: { area: Named; planned: number; done: number; needs: number; rate: number | null }[];
}

export const PROJECT_KINDS = ['project', 'key_task'] as const;
export const PROJECT_LEVELS = ['provincial_key', 'city_published', 'district', 'department'] as const;
export const PROJECT_STATUSES = ['not_started', 'in_progress', 'past_half', 'completed', 'delayed'] as const;
export const CAMPAIGN_KINDS = ['liangjin_liangwen', 'sanlian_sanjie', 'custom'] as const;

export function projectStatusTag(s: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  return s === 'completed'
    ? 'success'
    : s === 'delayed'
      ? 'danger'
      : s === 'not_started'
        ? 'info'
        : s === 'past_half'
          ? 'primary'
          : 'warning';
}
