import { describe, expect, it } from 'vitest';
import { loginSlowdown } from './login-throttle.js';

describe('loginSlowdown', () => {
  it('waits nothing below 100 failures from an IP, then doubles from the first wait up to 16 times it', () => {
    expect([0, 1, 99].map((failures) => loginSlowdown(failures, 250))).toEqual([0, 0, 0]);
    expect([100, 101, 102, 103, 104].map((failures) => loginSlowdown(failures, 250))).toEqual([250, 500, 1000, 2000, 4000]);
    expect([105, 1_000, 1_000_000].map((failures) => loginSlowdown(failures, 250))).toEqual([4000, 4000, 4000]);
  });
});
