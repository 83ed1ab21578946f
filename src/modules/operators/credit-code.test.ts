import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter, normaliseCreditCode } from './credit-code.js';

describe('GB 32100 unified social credit codes (RULES.md)', () => {
  it('accepts the valid examples and refuses the invalid one', () => {
    for (const code of ['91350100M000100Y43', '9144030071526726XG', '91330100716105852F']) expect(normaliseCreditCode(code)).toBe(code);
    expect(normaliseCreditCode('91350100M000100Y44')).toBeUndefined();
  });

  it('takes lower case and surrounding blanks, refuses I, O, S, V, Z and wrong lengths', () => {
    expect(normaliseCreditCode(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    for (const bad of ['', '91350100M000100Y4', '91350100M000100Y433', '9135010OM000100Y43', '91350100M000100S43', '９１３５０１００Ｍ０００１００Ｙ４３']) {
      expect(normaliseCreditCode(bad)).toBeUndefined();
    }
  });

  const charsetChar = fc.constantFrom(...CREDIT_CODE_CHARSET);
  const first17 = fc.array(charsetChar, { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));

  it('property: a code built with its check character passes', () => {
    fc.assert(
      fc.property(first17, (body) => {
        expect(normaliseCreditCode(body + creditCodeCheckCharacter(body))).toBeDefined();
      }),
    );
  });

  it('property: changing any one character of a valid code makes it fail', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (body, position, shift) => {
        const code = body + creditCodeCheckCharacter(body);
        const replaced = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(code[position]!) + shift) % 31]!;
        const changed = code.slice(0, position) + replaced + code.slice(position + 1);
        expect(normaliseCreditCode(changed)).toBeUndefined();
      }),
    );
  });
});
