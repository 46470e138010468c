/**
 * Text → search terms with jieba (search mode) after normalisation (繁→简, full-width), and the tsvector literal an
 * article is indexed by: its own lexemes with positions and weights (title A, body B), cast in SQL without the
 * text-search parser, so PGlite and PostgreSQL index the same lexemes whatever their locale.
 */
import { normalise } from '../text/normalise.js';
import { segmentForSearch } from '../text/segment.js';
import { parseMarkdown, plainText } from './markdown.js';
import { indexTerms, queryTerms, withSynonyms } from './terms.js';

/** PostgreSQL's limits: positions up to 16383, at most 256 of them per lexeme. */
const MAX_POSITION = 16_383;
const MAX_POSITIONS_PER_LEXEME = 256;

export const termsOfText = (text: string) => indexTerms(segmentForSearch(normalise(text)));

/** The distinct terms of a query or of a request's text. */
export const queryTermsOf = (text: string, max?: number) =>
  withSynonyms(queryTerms(segmentForSearch(normalise(text)), max));

/** The body of an article as plain text (what snippets are cut from). */
export const articlePlainText = (body: string) => plainText(parseMarkdown(body));

/** `'公积金':1A,9B '提取':2A …`: a tsvector literal of the title's and body's terms (letters and digits only). */
export function articleTsVector(title: string, body: string): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (terms: string[], weight: 'A' | 'B') => {
    for (const term of terms) {
      position = Math.min(position + 1, MAX_POSITION);
      const list = positions.get(term) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${position}${weight}`);
      positions.set(term, list);
    }
  };
  add(termsOfText(title), 'A');
  add(termsOfText(articlePlainText(body)), 'B');
  return [...positions].map(([term, at]) => `'${term}':${at.join(',')}`).join(' ');
}
