/**
 * Campaign progress (两进两问: 400 deputies into 100 villages and communities and 1,000 households): visits
 * done against the plan, per target, per visitor and per area. Pure: targets and visits in, figures out.
 *
 * A target plans visits for a visitor, for an area, or for a visitor in an area. A visit counts toward a
 * target when its visitor matches (if the target names one) and it took place in the target's area or one of
 * its sub-areas (if the target names one). The overall plan is the sum of the targets (plan them without
 * overlap); the overall done is every visit of the campaign. A rate is done / planned, null without a plan,
 * and may pass 100 %.
 */

export type Target = {
  seq: number;
  visitor_user_id: number | null;
  area_code: string | null;
  planned_visits: number;
};
export type VisitFact = { visitor_user_id: number; area_code: string | null; needs: number };

const rate = (done: number, planned: number) =>
  planned > 0 ? Math.round((done / planned) * 10_000) / 10_000 : null;

export const inArea = (code: string | null, area: string) =>
  code !== null && (code === area || code.startsWith(`${area}-`));

export function matches(t: Target, v: VisitFact): boolean {
  return (
    (t.visitor_user_id === null || t.visitor_user_id === v.visitor_user_id) &&
    (t.area_code === null || inArea(v.area_code, t.area_code))
  );
}

/** Planned (by the targets), done and needs raised (by the visits), and the rate. */
function figures(targets: readonly Target[], visits: readonly VisitFact[]) {
  const planned = targets.reduce((s, t) => s + t.planned_visits, 0);
  return {
    planned,
    done: visits.length,
    needs: visits.reduce((s, v) => s + v.needs, 0),
    rate: rate(visits.length, planned),
  };
}

export function campaignProgress(targets: readonly Target[], visits: readonly VisitFact[]) {
  const perTarget = targets.map((t) => {
    const done = visits.filter((v) => matches(t, v)).length;
    return { ...t, done, rate: rate(done, t.planned_visits) };
  });
  const visitorIds = [
    ...new Set([
      ...targets.flatMap((t) => (t.visitor_user_id === null ? [] : [t.visitor_user_id])),
      ...visits.map((v) => v.visitor_user_id),
    ]),
  ].sort((a, b) => a - b);
  const byVisitor = visitorIds.map((id) => ({
    visitor_user_id: id,
    ...figures(
      targets.filter((t) => t.visitor_user_id === id),
      visits.filter((v) => v.visitor_user_id === id),
    ),
  }));
  const areaCodes = [...new Set(targets.flatMap((t) => (t.area_code === null ? [] : [t.area_code])))].sort();
  const byArea = areaCodes.map((code) => ({
    area_code: code,
    ...figures(
      targets.filter((t) => t.area_code === code),
      visits.filter((v) => inArea(v.area_code, code)),
    ),
  }));
  return {
    totals: figures(targets, visits),
    targets: perTarget,
    by_visitor: byVisitor,
    by_area: byArea,
  };
}
