import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testCases } from '../../test/support/cases.js';
import {
  checkTemplate,
  DEFAULT_TEMPLATES,
  gistOf,
  GIST_MAX,
  placeholdersOf,
  RESIDENT_TOPICS,
  render,
  smsParts,
  templateParams,
} from './templates.js';

testCases((t: string) => smsParts(t), {
  'Chinese text: 70 a single part, 67 a part once split': [
    ['', { length: 0, parts: 0 }],
    ['字'.repeat(70), { length: 70, parts: 1 }],
    ['字'.repeat(71), { length: 71, parts: 2 }],
    ['字'.repeat(134), { length: 134, parts: 2 }],
    ['字'.repeat(135), { length: 135, parts: 3 }],
  ],
  'plain GSM text: 160 and 153': [
    ['a'.repeat(160), { length: 160, parts: 1 }],
    ['a'.repeat(161), { length: 161, parts: 2 }],
    ['a'.repeat(306), { length: 306, parts: 2 }],
  ],
  'one character outside GSM makes it all UCS-2': [['a'.repeat(70) + '字', { length: 71, parts: 2 }]],
  'an emoji takes two units': [['😀'.repeat(35), { length: 70, parts: 1 }]],
});

test('the signature counts', () => {
  assert.deepEqual(smsParts('字'.repeat(64), '相城12345'), { length: 73, parts: 2 });
  assert.deepEqual(smsParts('字'.repeat(61), '相城12345'), { length: 70, parts: 1 });
});

test('placeholders render in place, unknown ones empty, params in order of appearance', () => {
  const body = '工单{ticket}：{gist}，{link}，再次{ticket}{nope}';
  assert.deepEqual(placeholdersOf(body), ['ticket', 'gist', 'link', 'ticket', 'nope']);
  assert.equal(render(body, { ticket: 'T1', gist: 'G', link: 'L' }), '工单T1：G，L，再次T1');
  assert.deepEqual(templateParams(body, { ticket: 'T1', gist: 'G', link: 'L' }), [
    ['ticket', 'T1'],
    ['gist', 'G'],
    ['link', 'L'],
    ['nope', ''],
  ]);
});

testCases(gistOf, {
  'whitespace folds and short answers stay whole': [['  已 修复\n路灯 ', '已 修复 路灯']],
  'long answers are cut to the gist with an ellipsis': [
    ['字'.repeat(GIST_MAX), '字'.repeat(GIST_MAX)],
    ['字'.repeat(GIST_MAX + 1), '字'.repeat(GIST_MAX - 1) + '…'],
  ],
  'phone numbers are masked': [['请联系13812345678', '请联系138****5678']],
});

test('the reporter’s name is masked in the gist', () => {
  assert.equal(gistOf('张三丰您好，已处理', ['张三丰']), '张**您好，已处理');
});

test('every default template is valid and fits two parts with a 40-character link', () => {
  for (const topic of Object.keys(RESIDENT_TOPICS) as (keyof typeof RESIDENT_TOPICS)[]) {
    const c = checkTemplate(topic, DEFAULT_TEMPLATES[topic], { linkLength: 40, signName: '相城12345' });
    assert.deepEqual(c.problems, [], topic);
    assert.ok(c.parts <= 2, `${topic}: ${c.parts} parts`);
  }
});

test('template problems: unknown placeholders, ones not for the topic, no ticket, too long', () => {
  const problems = (topic: keyof typeof RESIDENT_TOPICS, body: string) =>
    checkTemplate(topic, body, { linkLength: 40 }).problems;
  assert.deepEqual(problems('request.registered', '工单{ticket}{name}'), [
    { code: 'unknown_placeholder', name: 'name' },
  ]);
  assert.deepEqual(problems('request.registered', '工单{ticket}{link}'), [
    { code: 'placeholder_not_for_topic', name: 'link' },
  ]);
  assert.deepEqual(problems('request.closed', '已办结'), [{ code: 'missing_ticket' }]);
  assert.deepEqual(problems('request.closed', '{ticket}' + '字'.repeat(200)), [
    { code: 'too_long', parts: 4, max: 3 },
  ]);
});

test('the worst case counts every placeholder at its longest', () => {
  const c = checkTemplate('request.replied', '{ticket}{gist}{link}', { linkLength: 40 });
  assert.equal(c.length, 20 + GIST_MAX + 40);
  assert.equal(c.parts, 2);
});
