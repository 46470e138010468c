import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { testCases } from '../../test/support/cases.js';
import { maskPublicText, plainNumbers } from './public-text.js';

const PHONE = '13912345678';

test('a mobile number is masked however it is written', () => {
  for (const written of [
    '13912345678',
    '１３９１２３４５６７８',
    '139\u200b1234\u200b5678',
    '1\u200b3\u200b9\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8',
    '139.1234.5678',
    '139-1234-5678',
    '139 1234 5678',
    '1 3 9 1 2 3 4 5 6 7 8',
    '+86 139 1234 5678',
    '＋８６－１３９－１２３４－５６７８',
    '139\u00ad1234\u00ad5678',
    '139\u20601234\u20605678',
  ]) {
    const out = maskPublicText(`电话${written}谢谢`);
    assert.equal(out, '电话139****5678谢谢', JSON.stringify(written));
  }
});

testCases((text: string) => maskPublicText(text), {
  'ID-card numbers, full-width too, and landlines are masked': [
    ['身份证320507199001011234。', '身份证320***********1234。'],
    ['身份证３２０５０７１９９００１０１１２３Ｘ。', '身份证320***********123X。'],
    ['身份证 3205 0719 9001 0112 34。', '身份证 320***********1234。'],
    ['座机0512-65551234', '座机0512****34'],
  ],
  'two numbers side by side are both masked': [
    ['13812345678 0512 65551234', '138****5678 0512****34'],
    ['手机13812345678/13912345678', '手机138****5678/139****5678'],
  ],
});

test('other numbers stay: tickets, dates, rooms, amounts', () => {
  for (const text of [
    '工单20261207000123已办结',
    '2024年5月1日',
    '3栋1单元101室',
    '金额1234567元',
    '2024-05-01',
  ]) {
    assert.equal(maskPublicText(text), plainNumbers(text), text);
  }
});

testCases(([text, names]: readonly [string, string[]]) => maskPublicText(text, names), {
  "the reporter's names are masked, whole and in parts, before the numbers": [
    [['我是欧阳克明，欧阳反映', ['欧阳克明']], '我是欧***，欧阳反映'],
    [['Li Lei and Lei Li', ['Li Lei']], 'L***** and L*****'],
    [['张三丰说三丰', ['张三丰', '三丰']], '张**说三*'],
    [['我是张', ['张']], '我是张'], // one character alone is left
  ],
});

test('no mobile number written with separators survives', () => {
  const sep = fc.constantFrom('', ' ', '.', '-', '\u200b', '\u3000');
  fc.assert(
    fc.property(fc.array(sep, { minLength: 10, maxLength: 10 }), fc.boolean(), (seps, wide) => {
      const digits = [...PHONE].map((d) => (wide ? String.fromCharCode(d.charCodeAt(0) + 0xfee0) : d));
      const written = digits.map((d, i) => d + (seps[i] ?? '')).join('');
      const out = maskPublicText(`我的电话是${written}，请回电`);
      assert.ok(!out.replace(/\D/g, '').includes('12345678'), out);
      assert.ok(out.includes('139****5678'), out);
    }),
    { numRuns: 300 },
  );
});
