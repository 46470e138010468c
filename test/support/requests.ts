/** Requests the integration tests start from, registered and moved on over HTTP like the desk does. */
import { ok, type Client } from './http.js';

/**
 * A 投诉 about a broken light (category 010201) in 果园社区 that the desk registers for a resident, dispatched to
 * 住建局 unless told otherwise; the registration's answer.
 */
export async function complaintToHousing(
  desk: { operator: Client; dispatcher: Client },
  input: { body: string; reporter: { name: string; phone: string } },
  opts: { dispatch?: boolean } = {},
): Promise<any> {
  const r = ok(
    await desk.operator.post('/api/v1/requests', {
      ...input,
      type: '投诉',
      area_code: 'xc-wangting-guoyuan',
      category_code: '010201',
    }),
    201,
  );
  if (opts.dispatch !== false)
    ok(await desk.dispatcher.act(r.id, 'dispatch', { department_code: 'housing' }));
  return r;
}
