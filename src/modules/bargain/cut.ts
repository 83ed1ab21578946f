/**
 * RULES.md "Bargain" (砍价), the cut of one help, exactly as published (R13, R14):
 * with r fen still to cut and k helps left, a help cuts a whole number of fen drawn
 * uniformly from [max(1, ⌊r/2k⌋), min(⌊2r/k⌋, r − (k − 1))], and the last help
 * (k = 1) cuts exactly r. Since every cut leaves at least k − 1 fen for the k − 1
 * helps after it, r ≥ k holds throughout: every help cuts at least 1 fen and the
 * N-th help reaches the floor exactly.
 *
 * @example
 *   drawCut(300, 3, uniformDraw) // some whole number of fen in [50, 200]
 *   drawCut(7, 1, uniformDraw)   // 7: the last help reaches the floor
 */
import { randomInt } from 'node:crypto';

/** A whole number drawn uniformly from [min, max] (both included); injected so tests can choose. */
export type Draw = (min: number, max: number) => number;

/** The production draw: the operating system's CSPRNG, so no one can predict a cut. */
export const uniformDraw: Draw = (min, max) => randomInt(min, max + 1);

/** The range a help's cut is drawn from, with `remaining` fen to cut and `helpsLeft` helps left. */
export function cutRange(remaining: number, helpsLeft: number): { min: number; max: number } {
  if (!Number.isSafeInteger(remaining) || !Number.isSafeInteger(helpsLeft) || helpsLeft < 1 || remaining < helpsLeft) {
    throw new RangeError(`a bargain needs at least 1 fen per help left (remaining ${remaining}, helps left ${helpsLeft})`);
  }
  if (helpsLeft === 1) return { min: remaining, max: remaining };
  return {
    min: Math.max(1, Math.floor(remaining / (2 * helpsLeft))),
    max: Math.min(Math.floor((2 * remaining) / helpsLeft), remaining - (helpsLeft - 1)),
  };
}

/** One help's cut in fen; a draw outside the published range is refused, never applied. */
export function drawCut(remaining: number, helpsLeft: number, draw: Draw): number {
  const { min, max } = cutRange(remaining, helpsLeft);
  const cut = min === max ? min : draw(min, max);
  if (!Number.isInteger(cut) || cut < min || cut > max) throw new RangeError(`drew ${cut}, outside [${min}, ${max}]`);
  return cut;
}
