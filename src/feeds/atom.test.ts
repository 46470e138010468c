import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { atomFeed, escapeXml } from './atom.js';

const feed = (entries: Parameters<typeof atomFeed>[0]['entries']) =>
  atomFeed({
    id: 'https://banshi.example/feeds/requests.atom',
    title: '公开诉求 <全部>',
    selfUrl: 'https://banshi.example/feeds/requests.atom?category=01&x=1',
    pageUrl: 'https://banshi.example/public',
    author: '相城区 12345',
    updated: new Date('2026-01-01T00:00:00Z'),
    entries,
  });
const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ['entry', 'link', 'category'].includes(name),
  }).parse(xml).feed;

test('escapeXml escapes markup and drops what XML cannot carry', () => {
  assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  assert.equal(escapeXml('a\u0000b\u0007c\td\ne\ud800f'), 'abc\td\nef');
  assert.equal(escapeXml('😀 路灯'), '😀 路灯');
});

test('an empty feed has every required element, updated at its own time', () => {
  const xml = feed([]);
  assert.equal(XMLValidator.validate(xml), true);
  const f = parse(xml);
  assert.equal(f['@_xmlns'], 'http://www.w3.org/2005/Atom');
  assert.equal(f.id, 'https://banshi.example/feeds/requests.atom');
  assert.equal(f.title, '公开诉求 <全部>');
  assert.equal(f.updated, '2026-01-01T00:00:00.000Z');
  assert.equal(f.author.name, '相城区 12345');
  assert.deepEqual(
    f.link.map((l: Record<string, string>) => [l['@_rel'], l['@_href']]),
    [
      ['self', 'https://banshi.example/feeds/requests.atom?category=01&x=1'],
      ['alternate', 'https://banshi.example/public'],
    ],
  );
  assert.equal(f.entry, undefined);
});

test('entries carry their id, title, time, link, categories and summary; user text cannot break out', () => {
  const xml = feed([
    {
      id: 'tag:a,2026:1',
      title: '[已受理] 路灯</title><script>',
      updated: new Date('2026-02-01T08:00:00Z'),
      url: 'https://banshi.example/public/requests/1?a=1&b=2',
      summary: 'x]]>y\u0001 & <b>',
      categories: ['市政设施'],
    },
    {
      id: 'tag:a,2026:2',
      title: '第二条',
      updated: new Date('2026-03-01T08:00:00Z'),
      url: 'https://banshi.example/public/requests/2',
      summary: '',
    },
  ]);
  assert.equal(XMLValidator.validate(xml), true);
  const f = parse(xml);
  assert.equal(f.updated, '2026-03-01T08:00:00.000Z', 'the newest entry');
  assert.equal(f.entry.length, 2);
  const [e] = f.entry;
  assert.equal(e.id, 'tag:a,2026:1');
  assert.equal(e.title, '[已受理] 路灯</title><script>');
  assert.equal(e.updated, '2026-02-01T08:00:00.000Z');
  assert.equal(e.link[0]['@_href'], 'https://banshi.example/public/requests/1?a=1&b=2');
  assert.equal(e.category[0]['@_term'], '市政设施');
  assert.equal(e.summary['#text'], 'x]]>y & <b>');
});
