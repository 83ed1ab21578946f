/** Pure rules on what people write in notes and comments. */

/** At most this many hashtags are kept per note. */
export const MAX_HASHTAGS = 10;

/**
 * The `#话题` hashtags in a text, in order of first appearance, without the `#`.
 * A tag is letters, digits, marks or `_` after a `#`, up to the next space,
 * punctuation or `#` (so Xiaohongshu's `#话题#` form works too); Latin letters are
 * folded to lower case so `#OOTD` and `#ootd` are one topic.
 *
 * @example parseHashtags('夏天 #防晒# 和 #OOTD 推荐') // ['防晒', 'ootd']
 */
export function parseHashtags(text: string): string[] {
  const tags = new Set<string>();
  for (const match of text.normalize('NFKC').matchAll(/#([\p{L}\p{N}\p{M}_]{1,30})/gu)) {
    tags.add(match[1]!.toLowerCase());
    if (tags.size === MAX_HASHTAGS) break;
  }
  return [...tags];
}

/** Full-width forms folded to ASCII, case folded, blanks removed: `Ａ 货` matches `a货`. */
const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');

/**
 * The first prohibited word found in any of `texts`, or undefined. Matching ignores
 * case, full-width forms and blanks put between the characters to slip past it.
 *
 * @example findProhibited(['全 网 第 一 的面膜'], ['全网第一']) // '全网第一'
 */
export function findProhibited(texts: readonly string[], words: readonly string[]): string | undefined {
  const folded = texts.map(fold);
  return words.find((word) => {
    const w = fold(word);
    return w.length > 0 && folded.some((t) => t.includes(w));
  });
}
