/** Which formats a session of each kind may take, and the labels of every enum of the module. Pure. */
import type {
  Audience,
  MemberRole,
  RouteKind,
  SessionFormat,
  SessionKind,
  TeamKind,
  TeamLevel,
} from './schema.js';

/** 宣讲: 集中宣讲, 互动宣讲, 百姓茶馆, 线路/现场教学, 线上; 学习: 中心组学习, 三会一课, 主题党日, 现场教学, 线上. */
export const FORMATS_OF_KIND: Record<SessionKind, readonly SessionFormat[]> = {
  lecture: ['central', 'interactive', 'teahouse', 'onsite', 'online'],
  study: ['group_study', 'three_one', 'party_day', 'onsite', 'online'],
};

export const formatFitsKind = (kind: SessionKind, format: SessionFormat) =>
  FORMATS_OF_KIND[kind].includes(format);

export const SESSION_KIND_LABELS: Record<SessionKind, string> = { lecture: '宣讲', study: '学习' };
export const FORMAT_LABELS: Record<SessionFormat, string> = {
  central: '集中宣讲',
  interactive: '互动宣讲',
  teahouse: '百姓茶馆',
  onsite: '线路/现场教学',
  online: '线上',
  group_study: '中心组学习',
  three_one: '三会一课',
  party_day: '主题党日',
};
export const TEAM_KIND_LABELS: Record<TeamKind, string> = {
  cadres: '干部宣讲团',
  experts: '专家宣讲团',
  volunteers: '志愿者宣讲队',
  youth: '青少年宣讲团',
  residents: '百姓名嘴宣讲团',
};
export const TEAM_LEVEL_LABELS: Record<TeamLevel, string> = {
  city: '市级',
  district: '区级',
  street: '街道',
  community: '社区',
};
export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  leader: '团长',
  speaker: '宣讲员',
  member: '成员',
};
export const ROUTE_KIND_LABELS: Record<RouteKind, string> = { study: '学习线路', red: '红色线路' };
export const AUDIENCE_LABELS: Record<Audience, string> = {
  party_members: '党员',
  cadres: '干部',
  public: '群众',
  youth: '青少年',
  elderly: '老年人',
};
