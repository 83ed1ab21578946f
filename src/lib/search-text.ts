/**
 * Search text for Chinese and English, the same on PGlite and PostgreSQL: tokens are
 * made here, in TypeScript, and handed to the database as a `tsvector` and a
 * `tsquery` literal with every lexeme quoted, so neither a text search parser, a
 * dictionary nor the server's locale takes part, and user text never reaches
 * `to_tsquery`.
 *
 * - Text is normalised (NFKC folds full-width letters, digits and spaces; lowercase).
 * - A document's Han runs give every character and every pair of neighbouring
 *   characters (bigrams), plus the longer words `Intl.Segmenter` finds in them. So a
 *   query matches any stretch of the document however either side is segmented.
 * - A query's Han run is cut where `Intl.Segmenter` sees a word, neighbouring
 *   one-character pieces are joined again (the segmenter splits unknown words such as
 *   降噪 into 降|噪), and each piece must appear: as a word, or as all its bigrams.
 * - Latin words and numbers split at letter/digit boundaries (iphone15 → iphone 15),
 *   and English plurals are folded to the singular on both sides.
 * - Typos: `typoTsquery` lets one character of a run of Chinese (three characters or
 *   more) be wrong, with phrase distances; a document's `words` are the vocabulary a
 *   misspelt English word is corrected against (src/db/search.ts).
 *
 * @example
 *   const doc = searchDocument([{ text: '无线蓝牙耳机 降噪', weight: 'A' }]);
 *   //  doc.vector: "'无':1A '无线':2A …" → `${doc.vector}::tsvector`
 *   const q = searchQuery('降噪耳机');
 *   //  q.tsquery: "'降噪' & '耳机'" → `${q.tsquery}::tsquery`
 */

export type SearchWeight = 'A' | 'B' | 'C' | 'D';

export interface SearchField {
  text: string;
  /** A: title, B: names around it (category, shop), C: body text. */
  weight: SearchWeight;
}

export interface SearchDocument {
  /** A `tsvector` literal: cast it with `::tsvector`. */
  vector: string;
  /** Its distinct Latin words: the vocabulary a misspelt query word is corrected against. */
  words: string[];
}

export interface SearchQuery {
  /** A `tsquery` literal (every lexeme quoted): cast it with `::tsquery`. */
  tsquery: string;
  /** The same with one wrong character allowed in each run of three or more Chinese characters, and corrected English words. */
  typoTsquery: string;
  /**
   * What to rank with: `ts_rank` of it equals `ts_rank` of `typoTsquery` (which looks
   * only at the distinct lexemes and whether the top operator is AND/phrase), without
   * the phrase variants, which made ranking 1,000 matches cost ~20 ms instead of ~5.
   */
  rankTsquery: string;
  /** Latin words long enough to be corrected when no document has them (see `searchQuery`'s `corrections`). */
  correctable: string[];
}

/** Latin words shorter than this are not corrected: one wrong letter in three says too little. */
const MIN_CORRECTABLE = 4;
const isVocabularyWord = (word: string) => /^[a-z]{3,}$/.test(word);

/** PostgreSQL keeps word positions up to 16383; later ones would all collapse onto it. */
const MAX_POSITION = 16_383;
/** Longer Latin "words" are noise (hashes, URLs) and would bloat the index. */
const MAX_WORD_LENGTH = 40;
/** Enough for any sensible query; bounds the work a long query can cause. */
const MAX_QUERY_UNITS = 16;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN_OR_OTHER = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
const ALNUM = /[\p{L}\p{M}\p{N}]+/gu;
const LETTERS_OR_DIGITS = /\p{N}+|[\p{L}\p{M}]+/gu;

/** NFKC (full-width → half-width, ligatures, compatibility forms), lowercase, one space. */
export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Light English plural folding, applied alike to documents and queries. */
export function stemWord(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** A piece of text in reading order: a Han run (with the segmenter's words in it) or one Latin/number word. */
type Piece = { kind: 'han'; words: string[] } | { kind: 'word'; word: string };

function pieces(normalized: string): Piece[] {
  const out: Piece[] = [];
  let han: string[] = [];
  const flush = () => {
    if (han.length > 0) out.push({ kind: 'han', words: han });
    han = [];
  };
  for (const segment of segmenter.segment(normalized)) {
    if (!segment.isWordLike) {
      flush();
      continue;
    }
    for (const [, hanPart, otherPart] of segment.segment.matchAll(HAN_OR_OTHER)) {
      if (hanPart) {
        han.push(hanPart);
        continue;
      }
      flush();
      for (const [alnum] of (otherPart ?? '').matchAll(ALNUM)) {
        for (const [part] of alnum.matchAll(LETTERS_OR_DIGITS)) {
          if (part.length <= MAX_WORD_LENGTH) out.push({ kind: 'word', word: stemWord(part) });
        }
      }
    }
  }
  flush();
  return out;
}

const bigrams = (chars: string[]) => chars.slice(1).map((ch, i) => chars[i]! + ch);

/** A lexeme quoted for a tsvector or tsquery literal. */
const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
/** The quoted lexemes of a literal `quote` made. */
const QUOTED_LEXEME = /'(?:[^']|'')*'/g;

/** Tokens of a document Han run: characters and bigrams in reading order, then the longer words. */
function hanDocumentTokens(words: string[]): string[] {
  const chars = [...words.join('')];
  const tokens: string[] = [];
  chars.forEach((ch, i) => {
    tokens.push(ch);
    if (i + 1 < chars.length) tokens.push(ch + chars[i + 1]!);
  });
  return [...tokens, ...words.filter((w) => [...w].length > 2)];
}

/**
 * The tsvector literal and vocabulary of a document. The weights let a match in the
 * title rank above one in the description.
 */
export function searchDocument(fields: SearchField[]): SearchDocument {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const field of fields) {
    const parts = pieces(normalizeSearchText(field.text));
    for (const part of parts) {
      for (const token of part.kind === 'han' ? hanDocumentTokens(part.words) : [part.word]) {
        position = Math.min(position + 1, MAX_POSITION);
        const list = positions.get(token) ?? [];
        list.push(`${position}${field.weight}`);
        positions.set(token, list);
      }
    }
  }
  const vector = [...positions].map(([lexeme, at]) => `${quote(lexeme)}:${at.join(',')}`).join(' ');
  const words = [...positions.keys()].filter(isVocabularyWord).sort();
  return { vector, words };
}

/** One thing a query asks for, exactly and allowing one wrong character. */
interface QueryUnit {
  exact: string;
  typo: string;
  /** Whether `typo`'s top operator is AND (else OR, or a lone lexeme). */
  typoAll: boolean;
}

/** Typo leeway stops here: a run of n characters makes n phrases of n − 1. */
const MAX_TYPO_RUN = 12;

/**
 * A Han run with any one character wrong. A document's Han run holds character i at
 * position 2i (a bigram sits between neighbours, see `hanDocumentTokens`), so the run
 * with its k-th character unknown is a phrase with a gap of 4 there; a wrong first or
 * last character is left out. Runs under three characters get no such leeway: one
 * character of two says too little.
 */
function hanTypoVariants(chars: string[]): string[] {
  if (chars.length < 3 || chars.length > MAX_TYPO_RUN) return [];
  return chars.map((_, k) => {
    const kept = chars.flatMap((ch, i) => (i === k ? [] : [{ ch, i }]));
    return kept.map(({ ch, i }, j) => (j === 0 ? quote(ch) : `<${2 * (i - kept[j - 1]!.i)}> ${quote(ch)}`)).join(' ');
  });
}

/**
 * What a query's Han run must match: its segments, with consecutive one-character ones
 * joined back into one piece, must each appear — a piece of one character as that
 * character, of two as its bigram, a longer one as the word itself or all its bigrams.
 * Allowing a typo: that, or the whole run with one character wrong.
 */
function hanQueryUnit(words: string[]): QueryUnit {
  const merged: string[] = [];
  let single = '';
  for (const word of words) {
    if ([...word].length === 1) {
      single += word;
      continue;
    }
    if (single) merged.push(single);
    single = '';
    merged.push(word);
  }
  if (single) merged.push(single);
  const exact = merged
    .map((piece) => {
      const chars = [...piece];
      return chars.length <= 2 ? quote(piece) : `(${quote(piece)} | ${bigrams(chars).map(quote).join(' & ')})`;
    })
    .join(' & ');
  const variants = hanTypoVariants([...words.join('')]);
  return {
    exact: `(${exact})`,
    typo: variants.length > 0 ? `(${exact} | ${variants.map((v) => `(${v})`).join(' | ')})` : `(${exact})`,
    typoAll: variants.length === 0 && merged.length > 1,
  };
}

/**
 * The tsquery literals (every piece must match; or every piece, one Chinese character
 * in each allowed to be wrong) of what someone typed; undefined when
 * it holds nothing searchable (only punctuation, say).
 */
export function searchQuery(text: string, corrections: ReadonlyMap<string, readonly string[]> = new Map()): SearchQuery | undefined {
  const parts = pieces(normalizeSearchText(text));
  // A Latin word no document has may match, in the typo query, the vocabulary words nearest to it.
  const latinUnit = (word: string): QueryUnit => {
    const near = corrections.get(word) ?? [];
    return { exact: quote(word), typo: near.length > 0 ? `(${[word, ...near].map(quote).join(' | ')})` : quote(word), typoAll: false };
  };
  const all = parts.flatMap((p) => (p.kind === 'han' ? [hanQueryUnit(p.words)] : [latinUnit(p.word)]));
  const units = [...new Map(all.map((u) => [u.exact, u])).values()].slice(0, MAX_QUERY_UNITS);
  if (units.length === 0) return undefined;
  const correctable = [...new Set(parts.flatMap((p) => (p.kind === 'word' && isVocabularyWord(p.word) && p.word.length >= MIN_CORRECTABLE ? [p.word] : [])))];
  const typoTsquery = units.map((u) => u.typo).join(' & ');
  const lexemes = [...new Set(typoTsquery.match(QUOTED_LEXEME))];
  const rankTsquery = lexemes.join(units.length > 1 || units[0]!.typoAll ? ' & ' : ' | ');
  return { tsquery: units.map((u) => u.exact).join(' & '), typoTsquery, rankTsquery, correctable };
}
