import { describe, expect, it } from 'vitest';
import { returnBlocker, returnDeadline } from './returns.js';

describe('R9 return window', () => {
  it('runs to midnight Beijing time after the 7th day following receipt', () => {
    expect(returnDeadline(new Date('2026-03-01T10:00:00+08:00')).toISOString()).toBe(new Date('2026-03-09T00:00:00+08:00').toISOString());
    // Received just before midnight Beijing (still 1 March there): the same deadline.
    expect(returnDeadline(new Date('2026-03-01T23:59:00+08:00')).toISOString()).toBe(new Date('2026-03-09T00:00:00+08:00').toISOString());
    // Just after midnight Beijing is 2 March, although UTC still says 1 March.
    expect(returnDeadline(new Date('2026-03-02T00:01:00+08:00')).toISOString()).toBe(new Date('2026-03-10T00:00:00+08:00').toISOString());
  });
});

describe('R9 exclusions', () => {
  it('excluded by nature always; excludable only when the buyer confirmed at checkout', () => {
    expect(returnBlocker([{ returnClass: 'returnable', title: 'T 恤' }], true)).toBeNull();
    expect(returnBlocker([{ returnClass: 'excluded', title: '草莓' }], false)).toMatch(/草莓/);
    expect(returnBlocker([{ returnClass: 'excludable_with_consent', title: '面膜' }], false)).toBeNull();
    expect(returnBlocker([{ returnClass: 'excludable_with_consent', title: '面膜' }], true)).toMatch(/面膜/);
  });
});
