import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from './random.js';

describe('randomBytesPooled', () => {
  it('hands out each byte once: views across many blocks never overlap or change', () => {
    const drawn = Array.from({ length: 2_000 }, (_, i) => randomBytesPooled(i % 2 === 0 ? 16 : 12));
    const copies = drawn.map((b) => Buffer.from(b).toString('hex'));
    expect(drawn.map((b) => b.length)).toEqual(drawn.map((_, i) => (i % 2 === 0 ? 16 : 12)));
    expect(new Set(copies).size).toBe(drawn.length);
    // Drawing more (new blocks) leaves the earlier views as they were.
    for (let i = 0; i < 1_000; i++) randomBytesPooled(16);
    expect(drawn.map((b) => b.toString('hex'))).toEqual(copies);
  });

  it('large requests come straight from the CSPRNG', () => {
    const big = randomBytesPooled(4_096);
    expect(big.length).toBe(4_096);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
