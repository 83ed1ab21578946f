import { describe, expect, it } from 'vitest';
import { normalizeSearchText, searchDocument, searchQuery, stemWord } from './search-text.js';

const lexemes = (vector: string) => [...vector.matchAll(/'((?:[^']|'')+)':/g)].map((m) => m[1]!.replace(/''/g, "'"));

describe('search text', () => {
  it('normalises full-width forms, case and blanks', () => {
    expect(normalizeSearchText('  ｉＰｈｏｎｅ　１５  手机壳 ')).toBe('iphone 15 手机壳');
  });

  it('folds English plurals alike on both sides', () => {
    expect(['socks', 'glasses', 'boxes', 'batteries', 'shoes', 'dress', 'sock', 'bus'].map(stemWord)).toEqual(['sock', 'glass', 'box', 'battery', 'shoe', 'dress', 'sock', 'bus']);
  });

  it('indexes every Han character and bigram, longer words, and Latin words split at digits', () => {
    const doc = searchDocument([{ text: '手冲咖啡豆 iPhone15', weight: 'A' }]);
    expect(lexemes(doc.vector)).toEqual(['手', '手冲', '冲', '冲咖', '咖', '咖啡', '啡', '啡豆', '豆', '咖啡豆', 'iphone', '15']);
    expect(doc.vector).toContain("'手':1A");
    expect(doc.words).toEqual(['iphone']);
  });

  it('weights fields', () => {
    const doc = searchDocument([
      { text: '耳机', weight: 'A' },
      { text: '数码', weight: 'B' },
      { text: '降噪', weight: 'C' },
    ]);
    expect(doc.vector).toBe("'耳':1A '耳机':2A '机':3A '数':4B '数码':5B '码':6B '降':7C '降噪':8C '噪':9C");
  });

  it('joins one-character segments back, so an unknown word is still one piece', () => {
    // Intl.Segmenter splits 降噪 into 降|噪.
    expect(searchQuery('降噪耳机')!.tsquery).toBe("('降噪' & '耳机')");
  });

  it('lets one character of a Chinese run of three or more be wrong, as phrases', () => {
    expect(searchQuery('咖非豆')!.typoTsquery).toBe("(('咖非豆' | '咖非' & '非豆') | ('非' <2> '豆') | ('咖' <4> '豆') | ('咖' <2> '非'))");
    expect(searchQuery('耳机')!.typoTsquery).toBe("('耳机')");
  });

  it('quotes every lexeme, so operators and quotes typed are only text', () => {
    const q = searchQuery("it's & !x | y:* <-> \\")!;
    expect(q.tsquery).toBe("'it' & 's' & 'x' & 'y'");
    const doc = searchDocument([{ text: "l'oréal", weight: 'A' }]);
    expect(lexemes(doc.vector)).toEqual(['l', 'oréal']);
  });

  it('finds nothing searchable in punctuation alone', () => {
    expect(searchQuery('%')).toBeUndefined();
    expect(searchQuery('  !!! ')).toBeUndefined();
  });

  it('bounds the work a long query can cause', () => {
    const q = searchQuery(Array.from({ length: 50 }, (_, i) => `w${i}x`).join(' '))!;
    expect(q.tsquery.split(' & ')).toHaveLength(16);
    expect(searchQuery('中'.repeat(100))!.typoTsquery).not.toContain('<');
  });
});
