/**
 * The services a jurisdiction offers through Open311: its categories, their attributes and SLA profiles,
 * loaded together (a few hundred rows) so that names, groups, notices and definitions come from one place.
 *
 * Services are the active 三级 categories (the leaves). A 二级 code is accepted too (POST requests and
 * services/{code}) for clients that only know the coarser level, but it is not listed in services.
 */
import type { SlaProfileRow } from '../db/schema.js';
import { effectiveAttributes, type AttributeDefinition } from './attributes.js';
import { o311, type CategoryAttributeRow } from './schema.js';
import { dbOf, type DbSource } from '../db/source.js';

export type CategoryInfo = {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  active: boolean;
  sla_profile_code: string;
  request_types: string[];
};

export type ServiceModel = {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
};

export function toDefinition(a: CategoryAttributeRow): AttributeDefinition {
  return {
    code: a.code,
    variable: a.variable,
    datatype: a.datatype,
    required: a.required,
    datatype_description: a.datatype_description,
    order: a.sort_order,
    description: a.description,
    values: a.list_values ?? [],
  };
}

export class Catalogue {
  private readonly byCode = new Map<string, CategoryInfo>();
  private readonly attrs = new Map<string, AttributeDefinition[]>();
  private readonly profiles = new Map<string, SlaProfileRow>();
  private readonly ambiguous = new Set<string>();

  constructor(categories: CategoryInfo[], attributes: CategoryAttributeRow[], profiles: SlaProfileRow[]) {
    for (const c of categories) this.byCode.set(c.code, c);
    for (const a of attributes) {
      const list = this.attrs.get(a.category_code) ?? [];
      list.push(toDefinition(a));
      this.attrs.set(a.category_code, list);
    }
    for (const p of profiles) this.profiles.set(p.code, p);
    // A leaf name used twice in one 一级 group (其他, 其它 …) is named with its 二级 to tell them apart.
    const seen = new Map<string, number>();
    for (const c of categories) {
      if (c.level !== 3) continue;
      const key = `${this.lineage(c.code)[0]?.code}/${c.name}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    for (const [key, n] of seen) if (n > 1) this.ambiguous.add(key);
  }

  static async load(source: DbSource, jurisdictionId: string): Promise<Catalogue> {
    const db = dbOf(source);
    const [categories, attributes, profiles] = await Promise.all([
      db
        .selectFrom('categories')
        .select(['code', 'name', 'level', 'parent_code', 'active', 'sla_profile_code', 'request_types'])
        .where('jurisdiction_id', '=', jurisdictionId)
        .orderBy('code')
        .execute(),
      o311(db)
        .selectFrom('category_attributes')
        .selectAll()
        .where('jurisdiction_id', '=', jurisdictionId)
        .orderBy('category_code')
        .orderBy('code')
        .execute(),
      db.selectFrom('sla_profiles').selectAll().where('jurisdiction_id', '=', jurisdictionId).execute(),
    ]);
    return new Catalogue(categories, attributes, profiles);
  }

  get(code: string): CategoryInfo | undefined {
    return this.byCode.get(code);
  }

  /** The category and its ancestors, 一级 first. */
  lineage(code: string): CategoryInfo[] {
    const out: CategoryInfo[] = [];
    const seen = new Set<string>();
    for (
      let c = this.byCode.get(code);
      c && !seen.has(c.code);
      c = c.parent_code ? this.byCode.get(c.parent_code) : undefined
    ) {
      seen.add(c.code);
      out.unshift(c);
    }
    return out;
  }

  /** Offered through Open311: an active 二级 or 三级 category whose ancestors are active too. */
  offers(code: string): boolean {
    const chain = this.lineage(code);
    const self = chain[chain.length - 1];
    return !!self && self.level >= 2 && chain.every((c) => c.active);
  }

  attributesFor(code: string): AttributeDefinition[] {
    return effectiveAttributes(this.lineage(code).map((c) => this.attrs.get(c.code) ?? []));
  }

  serviceName(code: string): string | null {
    const chain = this.lineage(code);
    const self = chain[chain.length - 1];
    if (!self) return null;
    const l2 = chain.find((c) => c.level === 2);
    if (self.level === 3 && l2 && this.ambiguous.has(`${chain[0]!.code}/${self.name}`))
      return `${l2.name}·${self.name}`;
    return self.name;
  }

  group(code: string): string | null {
    return this.lineage(code)[0]?.name ?? null;
  }

  profileFor(code: string | null): SlaProfileRow | undefined {
    const c = code ? this.byCode.get(code) : undefined;
    return this.profiles.get(c?.sla_profile_code ?? 'ordinary') ?? this.profiles.get('ordinary');
  }

  /** What happens next, from the category's SLA profile (ordinary requests; urgent ones are faster). */
  notice(code: string | null): string | null {
    const p = this.profileFor(code);
    if (!p) return null;
    return `12345热线将在${p.sign_working_days}个工作日内派单签收，${p.reply_working_days}个工作日内答复（${p.name}）`;
  }

  services(): ServiceModel[] {
    const out: ServiceModel[] = [];
    for (const c of this.byCode.values()) {
      if (c.level !== 3 || !this.offers(c.code)) continue;
      const chain = this.lineage(c.code);
      const names = chain.map((x) => x.name);
      out.push({
        service_code: c.code,
        service_name: this.serviceName(c.code)!,
        description: `${names.join(' › ')}。${this.notice(c.code) ?? ''}`,
        metadata: this.attributesFor(c.code).length > 0,
        type: 'realtime',
        keywords: [...names.slice(0, -1)].reverse().join(','),
        group: names[0]!,
      });
    }
    return out.sort((a, b) => a.service_code.localeCompare(b.service_code));
  }

  requestTypeFor(code: string): string {
    const types = this.byCode.get(code)?.request_types ?? [];
    return types.includes('求助') || types.length === 0 ? '求助' : types[0]!;
  }
}
