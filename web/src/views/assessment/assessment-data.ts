/** The assessment page's calls and the shapes it reads. */
import { api } from '../../api/client';
import type { paths } from '../../api/generated/openapi';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
export type MonthAnswer = Json<paths['/api/v1/assessment/months/{month}']['get']['responses'][200]>;
export type UnitScore = MonthAnswer['units'][number];
export type Scheme = MonthAnswer['scheme']['scheme'];
export type Rate = UnitScore['components'][number]['rate'];
export const RATES: Rate[] = ['response', 'resolution', 'satisfaction', 'on_time'];

export const fetchMonth = (month: string) =>
  api.GET('/api/v1/assessment/months/{month}', { params: { path: { month } } });

export const previewMonth = (month: string, scheme: Scheme) =>
  api.POST('/api/v1/assessment/months/{month}/preview', { params: { path: { month } }, body: scheme });

export const saveScheme = (month: string, scheme: Scheme) =>
  api.POST('/api/v1/assessment/schemes', { body: { effective_month: month, scheme, note: '' } });

export const fetchTrend = (month: string) =>
  api.GET('/api/v1/assessment/months/{month}/trend', { params: { path: { month }, query: { months: 12 } } });

export const fetchCostly = (month: string, kind: 'department' | 'street', code: string) =>
  api.GET('/api/v1/assessment/months/{month}/units/{kind}/{code}/requests', {
    params: { path: { month, kind, code } },
  });

export const bulletinUrl = (month: string, format: 'pdf' | 'xlsx') =>
  `/api/v1/assessment/months/${encodeURIComponent(month)}/bulletin.${format}`;

/** This month and the one before, as YYYY-MM in the browser's time. */
export function thisMonth(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}
