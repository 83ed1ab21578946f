import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimProblem } from './rules.js';

const CATEGORIES = ['not_received', 'not_as_described', 'quality', 'personal_injury', 'forced_sale', 'privacy'] as const;

describe('claimProblem (RULES.md "Disputes", D5, D6)', () => {
  it('a refund never exceeds what was paid, whatever the category', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), (category, paid, over) => {
        expect(claimProblem(category, paid, paid + over, 0)).toBe('refund');
      }),
    );
  });

  it('only personal_injury and forced_sale may claim beyond the price', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), (category, paid, r, compensation) => {
        const refund = r % (paid + 1);
        const beyond = refund + compensation > paid;
        const allowed = category === 'personal_injury' || category === 'forced_sale';
        expect(claimProblem(category, paid, refund, compensation)).toBe(beyond && !allowed ? 'compensation' : null);
      }),
    );
  });
});
