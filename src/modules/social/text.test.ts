import { describe, expect, it } from 'vitest';
import { findProhibited, MAX_HASHTAGS, parseHashtags } from './text.js';

describe('parseHashtags', () => {
  it('finds #话题 and #话题# forms, once each, in order, Latin folded to lower case', () => {
    expect(parseHashtags('夏天 #防晒# 和 #OOTD 推荐 #ootd #防晒')).toEqual(['防晒', 'ootd']);
  });
  it('stops a tag at punctuation and ignores a bare #', () => {
    expect(parseHashtags('# 空的 #好物，分享！#平价_彩妆。')).toEqual(['好物', '平价_彩妆']);
  });
  it('keeps at most MAX_HASHTAGS', () => {
    expect(parseHashtags(Array.from({ length: 15 }, (_, i) => `#t${i}`).join(' '))).toHaveLength(MAX_HASHTAGS);
  });
  it('reads full-width # and letters as their ASCII forms', () => {
    expect(parseHashtags('＃ＯＯＴＤ')).toEqual(['ootd']);
  });
});

describe('findProhibited', () => {
  const words = ['全网第一', 'A货'];
  it('finds a word whatever the case, width or blanks inside it', () => {
    expect(findProhibited(['这是全 网 第 一的面膜'], words)).toBe('全网第一');
    expect(findProhibited(['标题', '正品 ａ 货'], words)).toBe('A货');
  });
  it('passes clean text and ignores empty words', () => {
    expect(findProhibited(['好用的面膜'], [...words, ' '])).toBeUndefined();
  });
});
