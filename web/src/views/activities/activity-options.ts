/** The activities' enums as the pages offer them (in the order shown), and the formats each kind may take. */
import { i18n } from '../../i18n';
import { optionsOf } from '../../lib/options';

export const SESSION_KINDS = ['lecture', 'study'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
/** 宣讲: 集中宣讲, 互动宣讲, 百姓茶馆, 线路/现场教学, 线上; 学习: 中心组学习, 三会一课, 主题党日, 现场教学, 线上. */
export const FORMATS_OF_KIND = {
  lecture: ['central', 'interactive', 'teahouse', 'onsite', 'online'],
  study: ['group_study', 'three_one', 'party_day', 'onsite', 'online'],
} as const;
export const AUDIENCES = ['party_members', 'cadres', 'public', 'youth', 'elderly'] as const;
export const TEAM_KINDS = ['cadres', 'experts', 'volunteers', 'youth', 'residents'] as const;
export const TEAM_LEVELS = ['city', 'district', 'street', 'community'] as const;
export const MEMBER_ROLES = ['leader', 'speaker', 'member'] as const;
export const ROUTE_KINDS = ['study', 'red'] as const;
export const STATS_GROUPS = ['topic', 'team', 'area', 'month'] as const;

const t = (key: string) => i18n.global.t(key);
/** The options of one of the lists above, each named by `activities.<names>.<value>`. */
export const activityOptions = <V extends string>(values: readonly V[], names: string) =>
  optionsOf(values, (v) => t(`activities.${names}.${v}`));
