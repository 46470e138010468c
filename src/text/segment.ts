import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/** Segments Chinese text into words with jieba (HMM on); the dictionary loads on first use. */
export function segment(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, true);
}

/** Segments for a search index: jieba's search mode, which adds the shorter words inside long ones (公积金 → 公积, 公积金). */
export function segmentForSearch(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cutForSearch(text, true);
}
