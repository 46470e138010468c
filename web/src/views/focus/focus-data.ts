/** The 每月一题 and 预警 page's calls and the shapes it reads. */
import { api } from '../../api/client';
import type { paths } from '../../api/generated/openapi';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
export type ProblemsAnswer = Json<paths['/api/v1/monthly-problems']['get']['responses'][200]>;
export type Problem = ProblemsAnswer['problems'][number];
export type WarningsAnswer = Json<paths['/api/v1/early-warnings']['get']['responses'][200]>;
export type Warning = WarningsAnswer['warnings'][number];
export type NewProblem = NonNullable<
  paths['/api/v1/monthly-problems']['post']['requestBody']
>['content']['application/json'];
export type WarningAnswer = NonNullable<
  paths['/api/v1/early-warnings/{id}/answer']['post']['requestBody']
>['content']['application/json'];
export type Topic = Json<paths['/api/v1/topics']['get']['responses'][200]>['topics'][number];

export const fetchProblems = (month: string) =>
  api.GET('/api/v1/monthly-problems', { params: { query: { month } } });

export const createProblem = (body: NewProblem) => api.POST('/api/v1/monthly-problems', { body });

export const fetchWarnings = () => api.GET('/api/v1/early-warnings', { params: { query: { days: 90 } } });

export const answerWarning = (id: number, body: WarningAnswer) =>
  api.POST('/api/v1/early-warnings/{id}/answer', { params: { path: { id } }, body });

export const fetchTopics = () => api.GET('/api/v1/topics', { params: { query: { limit: 10 } } });
