/** What a site must be beyond its fields' shapes (pure): used by the API's edits and by imports alike. */
import type { SiteInput } from './schemas.js';
import { isHoursError, shareHours } from './share-hours.js';

export type SiteIssue = { field: string; message: string; message_en: string; reference?: boolean };

export function siteIssues(site: SiteInput, refs: { departments: ReadonlySet<string> }): SiteIssue[] {
  const issues: SiteIssue[] = [];
  if (site.capacity_disabled > site.capacity)
    issues.push({
      field: 'capacity_disabled',
      message: '无障碍泊位不能多于总泊位',
      message_en: 'More disabled spaces than spaces',
    });
  if (site.capacity_charging > site.capacity)
    issues.push({
      field: 'capacity_charging',
      message: '充电泊位不能多于总泊位',
      message_en: 'More charging spaces than spaces',
    });
  const hours = shareHours(site.opening_hours);
  if (isHoursError(hours))
    issues.push({ field: 'opening_hours', message: hours.message, message_en: hours.message_en });
  if (site.operator_department_code !== null && !refs.departments.has(site.operator_department_code))
    issues.push({
      field: 'operator_department_code',
      message: `没有编码为 ${site.operator_department_code} 的部门`,
      message_en: `No department ${site.operator_department_code}`,
      reference: true,
    });
  return issues;
}
