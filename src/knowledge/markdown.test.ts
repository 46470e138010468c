import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSafeHref, parseInline, parseMarkdown, plainText } from './markdown.js';

describe('knowledge Markdown: a safe subset as data', () => {
  test('headings, paragraphs, lists and quotes', () => {
    const blocks = parseMarkdown(
      '# 生活垃圾投放时间\n\n每天 **7:00–9:00** 和 18:00–20:00。\n第二行\n\n- 厨余垃圾\n- 其他垃圾\n  续行\n\n1. 登录\n2) 提交\n\n> 注意：逾期不收',
    );
    assert.deepEqual(blocks, [
      { t: 'heading', level: 1, content: [{ t: 'text', text: '生活垃圾投放时间' }] },
      {
        t: 'paragraph',
        content: [
          { t: 'text', text: '每天 ' },
          { t: 'strong', text: '7:00–9:00' },
          { t: 'text', text: ' 和 18:00–20:00。\n第二行' },
        ],
      },
      {
        t: 'list',
        ordered: false,
        items: [[{ t: 'text', text: '厨余垃圾' }], [{ t: 'text', text: '其他垃圾 续行' }]],
      },
      { t: 'list', ordered: true, items: [[{ t: 'text', text: '登录' }], [{ t: 'text', text: '提交' }]] },
      { t: 'quote', content: [{ t: 'text', text: '注意：逾期不收' }] },
    ]);
  });

  test('deep headings are level 3; a list switching kind starts a new list', () => {
    const blocks = parseMarkdown('###### 小标题\n- a\n1. b');
    assert.deepEqual(
      blocks.map((b) => [b.t, b.t === 'heading' ? b.level : b.t === 'list' ? b.ordered : null]),
      [
        ['heading', 3],
        ['list', false],
        ['list', true],
      ],
    );
  });

  test('inline: em, code, safe links; unsafe links and HTML stay text', () => {
    assert.deepEqual(parseInline('*斜体* `code` [办事指南](https://www.gov.cn/x)'), [
      { t: 'em', text: '斜体' },
      { t: 'text', text: ' ' },
      { t: 'code', text: 'code' },
      { t: 'text', text: ' ' },
      { t: 'link', text: '办事指南', href: 'https://www.gov.cn/x' },
    ]);
    assert.deepEqual(parseInline('[点我](javascript:alert(1)) <script>x</script>'), [
      { t: 'text', text: '[点我](javascript:alert(1)) <script>x</script>' },
    ]);
    assert.deepEqual(parseInline(''), []);
  });

  test('isSafeHref: absolute http(s) only', () => {
    for (const ok of ['https://a.cn', 'http://a.cn/b?c=1']) assert.equal(isSafeHref(ok), true);
    for (const bad of [
      'javascript:x',
      'data:text/html,x',
      '/relative',
      'https://a.cn/"onmouseover=x',
      '//a.cn',
    ])
      assert.equal(isSafeHref(bad), false);
  });

  test('plainText drops the markup', () => {
    assert.equal(plainText(parseMarkdown('## 标题\n**粗**体\n\n- 一\n- 二')), '标题\n粗体\n一；二');
  });
});
