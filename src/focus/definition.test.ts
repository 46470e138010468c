import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEmptyDefinition, matchesDefinition, normaliseDefinition } from './definition.js';

const parents = {
  category: (c: string) => ({ c3: 'c2', c2: 'c1' })[c],
  area: (a: string) => ({ grid: 'community', community: 'street' })[a],
};
const request = {
  title_norm: '小区电动车充电难',
  body_norm: '晚上没有充电桩',
  category_code: 'c3',
  area_code: 'grid',
};
const empty = { keywords: [], category_codes: [], area_codes: [] };

test('normalising: keywords in simplified, trimmed, once; an empty definition is told', () => {
  assert.deepEqual(
    normaliseDefinition({
      keywords: [' 電動車 ', '电动车', ''],
      category_codes: ['c1', 'c1'],
      area_codes: [],
    }),
    {
      keywords: ['电动车'],
      category_codes: ['c1'],
      area_codes: [],
    },
  );
  assert.equal(
    isEmptyDefinition(normaliseDefinition({ keywords: ['  '], category_codes: [], area_codes: [] })),
    true,
  );
});

test('each list restricts; a code matches its subtree; keywords match title or text', () => {
  assert.equal(matchesDefinition(empty, request, parents), true);
  assert.equal(matchesDefinition({ ...empty, category_codes: ['c1'] }, request, parents), true);
  assert.equal(matchesDefinition({ ...empty, category_codes: ['c9'] }, request, parents), false);
  assert.equal(matchesDefinition({ ...empty, area_codes: ['street'] }, request, parents), true);
  assert.equal(matchesDefinition({ ...empty, area_codes: ['other'] }, request, parents), false);
  assert.equal(matchesDefinition({ ...empty, keywords: ['充电桩'] }, request, parents), true);
  assert.equal(matchesDefinition({ ...empty, keywords: ['噪音', '电动车'] }, request, parents), true);
  assert.equal(matchesDefinition({ ...empty, keywords: ['噪音'] }, request, parents), false);
  assert.equal(
    matchesDefinition(
      { keywords: ['充电'], category_codes: ['c2'], area_codes: ['other'] },
      request,
      parents,
    ),
    false,
  );
  assert.equal(
    matchesDefinition({ ...empty, category_codes: ['c1'] }, { ...request, category_code: null }, parents),
    false,
  );
});
