import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, idCheckCharacter, parseIdNumber } from './identity.js';

const today = new Date('2026-11-28T12:00:00Z');

describe('GB 11643 identity numbers (RULES.md)', () => {
  it('accepts the valid examples and refuses the invalid one', () => {
    expect(parseIdNumber('11010519491231002X', today)).toMatchObject({ ok: true, value: { birthDate: { year: 1949, month: 12, day: 31 } } });
    expect(parseIdNumber('440524188001010014', today).ok).toBe(true);
    expect(parseIdNumber('110105194912310021', today)).toEqual({ ok: false, problem: 'checksum' });
  });

  it('takes a lower-case x as X', () => {
    expect(parseIdNumber('11010519491231002x', today)).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
  });

  it('refuses 30 February, a future birth date and malformed input', () => {
    const withCheck = (first17: string) => first17 + idCheckCharacter(first17);
    expect(parseIdNumber(withCheck('11010519900230123'), today)).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseIdNumber(withCheck('11010520270101123'), today)).toEqual({ ok: false, problem: 'future_birth_date' });
    for (const bad of ['', '1101051949123100', '11010519491231002XX', '01010519491231002X', '1101051949123100 X', '１１０１０５１９４９１２３１００２Ｘ']) {
      expect(parseIdNumber(bad, today)).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('property: every number built with its check character parses; changing any one digit breaks it', () => {
    const date = fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2026-11-27T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(fc.integer({ min: 110000, max: 659999 }), date, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 16 }), (area, born, seq, pos) => {
        const ymd = born.toISOString().slice(0, 10).replaceAll('-', '');
        const first17 = `${area}${ymd}${String(seq).padStart(3, '0')}`;
        const id = first17 + idCheckCharacter(first17);
        expect(parseIdNumber(id, today).ok).toBe(true);
        // Any single-digit change is caught by the checksum (or makes the date invalid).
        const digit = Number(id[pos]);
        const changed = id.slice(0, pos) + String((digit + 1) % 10) + id.slice(pos + 1);
        expect(parseIdNumber(changed, today).ok).toBe(false);
      }),
    );
  });
});

describe('ageOn', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn({ year: 2008, month: 11, day: 28 }, today)).toBe(18);
    expect(ageOn({ year: 2008, month: 11, day: 29 }, today)).toBe(17);
    expect(ageOn({ year: 2008, month: 2, day: 29 }, new Date('2026-02-28T00:00:00Z'))).toBe(17);
    expect(ageOn({ year: 2008, month: 2, day: 29 }, new Date('2026-03-01T00:00:00Z'))).toBe(18);
  });
});
