import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testCases } from '../../../test/support/cases.js';
import {
  chineseDate,
  fillTemplate,
  ownChars,
  templateOnly,
  unknownPlaceholders,
  type TemplateValues,
} from './templates.js';

const VALUES: TemplateValues = {
  ticket_no: 'XC20261207000001',
  name: '张**',
  department: '区住建局',
  date: '2026年12月7日',
  registered_date: '2026年12月1日',
};

const TEMPLATE =
  '{name}您好：您于{registered_date}反映的问题（工单号{ticket_no}）已收悉，{department}已安排人员核实处理。感谢您对我们工作的支持！';
const FILLED = fillTemplate(TEMPLATE, VALUES);

test('fillTemplate replaces every placeholder and leaves other braces alone', () => {
  assert.equal(
    FILLED,
    '张**您好：您于2026年12月1日反映的问题（工单号XC20261207000001）已收悉，区住建局已安排人员核实处理。感谢您对我们工作的支持！',
  );
  assert.equal(fillTemplate('{other} {date}', VALUES), '{other} 2026年12月7日');
});

testCases(unknownPlaceholders, {
  'known placeholders are not reported': [[TEMPLATE, []]],
  'unknown names are, once each': [['{nmae}{nmae}{date}{foo}', ['nmae', 'foo']]],
  'braces without a name are ignored': [['{} {1} {Name}', []]],
});

testCases(chineseDate, { 'dates without leading zeros': [['2026-02-07', '2026年2月7日']] });

test('a reply that is the template, or the template with punctuation or a word changed, is template-only', () => {
  assert.equal(templateOnly(FILLED, [FILLED]), true);
  assert.equal(templateOnly(`${FILLED} `, ['other', FILLED]), true);
  assert.equal(templateOnly(FILLED.replace('！', '。'), [FILLED]), true);
  assert.equal(templateOnly(FILLED.replace('感谢您对我们工作的支持！', ''), [FILLED]), true, 'a part of it');
  assert.equal(templateOnly('', [FILLED]), true);
});

test('a reply with the handler’s own words added is not template-only', () => {
  const own = `${FILLED}经现场核查，楼道灯已于12月5日更换完毕，请您留意。`;
  assert.equal(templateOnly(own, [FILLED]), false);
  assert.ok(ownChars(own, FILLED) >= 10);
  assert.equal(templateOnly('经现场核查，楼道灯已于12月5日更换完毕。', []), false, 'no template at all');
});
