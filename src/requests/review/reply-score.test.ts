import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS } from './checks.js';
import { PENALTY, scoreReply } from './reply-score.js';

const REQUEST = '望亭镇果园社区3号楼楼道灯坏了一个月，晚上上下楼很黑，老人容易摔倒，请尽快修理。';
const GOOD =
  '您好，关于您反映的果园社区3号楼楼道灯损坏问题，我局已于12月5日安排物业更换楼道灯并检查线路，现已恢复照明。感谢您的支持！';

const failed = (reply: string, templates?: string[]) =>
  scoreReply({ reply, request: REQUEST, ...(templates ? { templates } : {}) }).failed;

test('a reply that answers the request, with a date, passes every check', () => {
  const s = scoreReply({ reply: GOOD, request: REQUEST });
  assert.deepEqual(s.failed, []);
  assert.equal(s.score, 100);
  assert.ok(s.coverage > 0.2);
});

test('each check names its failure', () => {
  assert.deepEqual(failed(''), ['too_short']);
  assert.deepEqual(failed('已处理。'), ['too_short']);
  assert.deepEqual(
    failed('您好，经查您反映的供暖费收费标准符合市发改委规定，请知悉并按时缴纳供暖费用，特此答复。'),
    ['off_topic'],
  );
  assert.deepEqual(failed('您好，果园社区3号楼楼道灯的问题我们已经知道了，将尽快安排人员修理楼道灯。'), [
    'promise_without_date',
  ]);
  assert.deepEqual(failed('您好，果园社区3号楼楼道灯将于12月10日前安排人员修理楼道灯，请耐心等待。'), []);
  assert.deepEqual(failed('您好，感谢您对我们工作的支持，您反映的问题已收悉，现将情况答复如下。特此答复。'), [
    'off_topic',
    'boilerplate',
  ]);
  assert.deepEqual(failed(GOOD, [GOOD]), ['boilerplate']);
  assert.deepEqual(failed(`${GOOD}如需了解进度请联系物业王师傅13812345678。`), ['personal_data']);
  assert.deepEqual(failed(`${GOOD}如有疑问请拨打12345。`), []);
  assert.deepEqual(failed(`${GOOD}登记人身份证号320501198001011234。`), ['personal_data']);
  assert.deepEqual(failed(`${GOOD}另外，路灯问题不归我们管，请自行解决。`), ['tone']);
});

test('the score is 100 less the penalties, never below 0', () => {
  const s = scoreReply({ reply: '别再打13812345678', request: REQUEST });
  assert.deepEqual(s.failed, ['too_short', 'personal_data', 'tone']);
  assert.equal(s.score, 0);
  for (const c of CHECKS) assert.ok(PENALTY[c] > 0 && PENALTY[c] <= 100, c);
});
