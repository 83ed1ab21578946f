import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutRange, drawCut, uniformDraw, type Draw } from './cut.js';

/** Terms the operator may publish: price − floor ≥ N (RULES.md "Bargain"). */
const terms = fc
  .record({ floor: fc.integer({ min: 0, max: 10_000_000 }), maxHelpers: fc.integer({ min: 1, max: 100 }), extra: fc.integer({ min: 0, max: 10_000_000 }) })
  .map(({ floor, maxHelpers, extra }) => ({ floor, maxHelpers, price: floor + maxHelpers + extra }));

/** Draws chosen by fast-check: each a fraction placing the cut anywhere in its range, ends included. */
const scriptedDraws = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 100, maxLength: 100 });
const drawFrom = (fractions: number[]): Draw => {
  let i = 0;
  return (min, max) => min + Math.round((max - min) * fractions[i++ % fractions.length]!);
};

/** Runs a whole bargain: the cuts of every help until the floor (or N helps). */
function run(price: number, floor: number, maxHelpers: number, draw: Draw): number[] {
  const cuts: number[] = [];
  let current = price;
  while (current > floor && cuts.length < maxHelpers) {
    const cut = drawCut(current - floor, maxHelpers - cuts.length, draw);
    cuts.push(cut);
    current -= cut;
  }
  return cuts;
}

describe('the bargain cut (RULES.md "Bargain")', () => {
  it('issue item 13: for any price, floor and N with price − floor ≥ N and any draws, the floor is reached in at most N helps, every cut ≥ 1 fen', () => {
    fc.assert(
      fc.property(terms, scriptedDraws, ({ price, floor, maxHelpers }, fractions) => {
        const cuts = run(price, floor, maxHelpers, drawFrom(fractions));
        expect(cuts.length).toBeLessThanOrEqual(maxHelpers);
        expect(cuts.every((c) => Number.isInteger(c) && c >= 1)).toBe(true);
        expect(cuts.reduce((a, b) => a + b, 0)).toBe(price - floor);
      }),
      { numRuns: 2_000 },
    );
  });

  it('the same holds with the real random draw, and every draw lies in the published range', () => {
    fc.assert(
      fc.property(terms, ({ price, floor, maxHelpers }) => {
        let current = price;
        for (let k = maxHelpers; k >= 1; k--) {
          const { min, max } = cutRange(current - floor, k);
          const cut = drawCut(current - floor, k, uniformDraw);
          expect(cut).toBeGreaterThanOrEqual(min);
          expect(cut).toBeLessThanOrEqual(max);
          current -= cut;
        }
        expect(current).toBe(floor);
      }),
      { numRuns: 300 },
    );
  });

  it('draws from [max(1, ⌊r/2k⌋), min(⌊2r/k⌋, r − (k − 1))], and the last help cuts exactly r', () => {
    expect(cutRange(300, 3)).toEqual({ min: 50, max: 200 });
    expect(cutRange(3_000, 10)).toEqual({ min: 150, max: 600 });
    // min(⌊2r/k⌋, r − (k − 1)) picks the second when few fen are left.
    expect(cutRange(11, 10)).toEqual({ min: 1, max: 2 });
    expect(cutRange(10, 10)).toEqual({ min: 1, max: 1 });
    expect(cutRange(327, 1)).toEqual({ min: 327, max: 327 });
    expect(drawCut(327, 1, () => 1)).toBe(327);
    expect(drawCut(300, 3, (min) => min)).toBe(50);
    expect(drawCut(300, 3, (_min, max) => max)).toBe(200);
  });

  it('refuses terms that cannot give every help 1 fen, and a draw outside the range', () => {
    expect(() => cutRange(9, 10)).toThrow(RangeError);
    expect(() => cutRange(10, 0)).toThrow(RangeError);
    expect(() => cutRange(10.5, 2)).toThrow(RangeError);
    expect(() => drawCut(300, 3, () => 201)).toThrow(RangeError);
    expect(() => drawCut(300, 3, () => 49)).toThrow(RangeError);
    expect(() => drawCut(300, 3, () => 60.5)).toThrow(RangeError);
  });
});
