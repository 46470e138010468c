import { testCases } from '../../test/support/cases.js';
import { memberKeyInput } from './attendee-identity.js';

const same = (a: [string, string | null], b: [string, string | null]) =>
  memberKeyInput(...a) === memberKeyInput(...b);

testCases(([a, b]: [[string, string | null], [string, string | null]]) => same(a, b), {
  'spacing, full-width letters and case do not make another person': [
    [
      [
        ['张伟', '第一党支部'],
        [' 张 伟 ', '第一党支部'],
      ],
      true,
    ],
    [
      [
        ['张伟', '第一党支部'],
        ['张伟', '第一 党支部 '],
      ],
      true,
    ],
    [
      [
        ['ＺＨＡＮＧ Wei', 'Branch ONE'],
        ['zhang wei', 'branch one'],
      ],
      true,
    ],
    [
      [
        ['李娜', null],
        ['李娜', ''],
      ],
      true,
    ],
  ],
  'another name or branch is another person': [
    [
      [
        ['张伟', '第一党支部'],
        ['张伟', '第二党支部'],
      ],
      false,
    ],
    [
      [
        ['张伟', '第一党支部'],
        ['张玮', '第一党支部'],
      ],
      false,
    ],
    [
      [
        ['张伟', null],
        ['张伟', '第一党支部'],
      ],
      false,
    ],
    [
      [
        ['张伟第一', '党支部'],
        ['张伟', '第一党支部'],
      ],
      false,
    ],
    [
      [
        ['张伟|x', 'y'],
        ['张伟', 'x|y'],
      ],
      false,
    ],
    [
      [
        ['张伟","x', 'y'],
        ['张伟', 'x","y'],
      ],
      false,
    ],
  ],
});
