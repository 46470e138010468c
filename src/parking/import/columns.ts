/** The columns of a site list (xlsx or CSV), by their Chinese header or the API's field name. */
import type { SiteInput } from '../schemas.js';

export type SiteField = Exclude<keyof SiteInput, 'active'>;

export const SITE_COLUMNS: readonly { field: SiteField; header: string; aliases: readonly string[] }[] = [
  { field: 'code', header: '编码', aliases: ['停车场编码', '编号', 'code', 'original_uid'] },
  { field: 'name', header: '名称', aliases: ['停车场名称', 'name'] },
  { field: 'kind', header: '类型', aliases: ['停车场类型', 'kind'] },
  { field: 'operator_name', header: '运营单位', aliases: ['管理单位', 'operator_name'] },
  {
    field: 'operator_department_code',
    header: '运营部门编码',
    aliases: ['部门编码', 'operator_department_code'],
  },
  { field: 'address', header: '地址', aliases: ['address'] },
  { field: 'lat', header: '纬度', aliases: ['lat', 'latitude'] },
  { field: 'lon', header: '经度', aliases: ['lon', 'lng', 'longitude'] },
  { field: 'capacity', header: '总泊位', aliases: ['泊位数', '车位数', 'capacity'] },
  { field: 'capacity_disabled', header: '无障碍泊位', aliases: ['capacity_disabled'] },
  { field: 'capacity_charging', header: '充电泊位', aliases: ['capacity_charging'] },
  { field: 'has_fee', header: '是否收费', aliases: ['has_fee'] },
  { field: 'fee_description', header: '收费标准', aliases: ['收费说明', 'fee_description'] },
  { field: 'opening_hours', header: '开放时间', aliases: ['opening_hours'] },
  { field: 'shares', header: '是否共享', aliases: ['错时共享', 'shares'] },
  { field: 'osm_id', header: 'OSM编号', aliases: ['osm_id', 'OSM'] },
  { field: 'realtime_interval_seconds', header: '数据上报间隔', aliases: ['realtime_interval_seconds'] },
];

/** A header as written, without notes in brackets, spaces, asterisks and colons: "总泊位（个）*" → "总泊位". */
export const normaliseHeader = (s: string) => s.replace(/[（(][^）)]*[）)]/g, '').replace(/[\s*＊:：]/g, '');

export function fieldOfHeader(header: string): SiteField | null {
  const h = normaliseHeader(header);
  return SITE_COLUMNS.find((c) => c.header === h || c.aliases.includes(h))?.field ?? null;
}
