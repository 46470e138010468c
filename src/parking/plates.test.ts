import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { maskPlate, normalisePlate, parsePlate, plateKind } from './plates.js';

const PROVINCES = [...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'];
const LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const DIGITS = [...'0123456789'];
const USES = [...'学警港澳挂领试超'];
const char = (xs: string[]) => fc.constantFrom(...xs);
const alnum = char([...LETTERS, ...DIGITS]);
const head = fc.tuple(char(PROVINCES), char(LETTERS)).map(([p, l]) => p + l);

const ordinary = fc
  .tuple(head, fc.array(alnum, { minLength: 5, maxLength: 5 }), fc.nat(4), char(DIGITS))
  .map(([h, serial, at, digit]) => {
    serial[at] = digit; // at least one digit in the serial
    return h + serial.join('');
  });
const special = fc
  .tuple(head, fc.array(alnum, { minLength: 4, maxLength: 4 }), char(USES))
  .map(([h, s, u]) => h + s.join('') + u);
const smallNewEnergy = fc
  .tuple(head, char([...'ABCDEFGHJK']), alnum, fc.array(char(DIGITS), { minLength: 4, maxLength: 4 }))
  .map(([h, e, x, d]) => h + e + x + d.join(''));
const largeNewEnergy = fc
  .tuple(head, fc.array(char(DIGITS), { minLength: 5, maxLength: 5 }), char(['D', 'F']))
  .map(([h, d, e]) => h + d.join('') + e);

describe('plates', () => {
  test('the examples of each kind', () => {
    assert.equal(plateKind('苏E12345'), 'ordinary');
    assert.equal(plateKind('苏EA1B23'), 'ordinary');
    assert.equal(plateKind('京A1234警'), 'special');
    assert.equal(plateKind('粤Z1234港'), 'special');
    assert.equal(plateKind('苏E1234学'), 'special');
    assert.equal(plateKind('苏ED12345'), 'new_energy');
    assert.equal(plateKind('苏EDA1234'), 'new_energy');
    assert.equal(plateKind('沪AF12345'), 'new_energy');
    assert.equal(plateKind('苏E12345D'), 'new_energy');
    assert.equal(plateKind('苏E12345F'), 'new_energy');
  });

  test('every generated plate of every kind is valid, and stays valid when typed loosely', () => {
    fc.assert(
      fc.property(fc.oneof(ordinary, special, smallNewEnergy, largeNewEnergy), (plate) => {
        assert.ok(plateKind(plate), plate);
        const typed = `${plate.slice(0, 2)}·${plate.slice(2).toLowerCase()} `;
        assert.equal(parsePlate(typed), plate);
      }),
      { numRuns: 2000, seed: 14 },
    );
  });

  test('I and O are never letters of a plate', () => {
    for (const bad of ['苏I12345', '苏O12345', '苏E1I345', '苏EO2345', '苏ED1O234', '苏EI12345'])
      assert.equal(plateKind(bad), null, bad);
  });

  test('wrong lengths, provinces, orders and uses are refused', () => {
    for (const bad of [
      '',
      '苏',
      '苏E1234',
      '苏E123456',
      '苏E1234567',
      'AE12345',
      '港E12345',
      '1E12345',
      '苏112345',
      '苏EABCDE',
      '苏E12345X',
      '苏EL12345',
      '苏E1234D5',
      '苏E12345A',
      '苏E123学4',
      '苏E12学',
      '使014578',
      'WJ京12345',
      '苏E12345 ',
    ])
      assert.equal(plateKind(bad), null, bad);
  });

  test('any string that is not a plate is refused, and nothing throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const p = parsePlate(s);
        if (p !== null) assert.ok(plateKind(p));
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  test('normalisation: full-width, dots, dashes, spaces and case', () => {
    assert.equal(normalisePlate(' 苏Ｅ·１２３４５ '), '苏E12345');
    assert.equal(normalisePlate('苏e-d1234-5'), '苏ED12345');
    assert.equal(parsePlate('苏 e 12345'), '苏E12345');
  });

  test('masks keep the region and the last two characters', () => {
    assert.equal(maskPlate('苏E12345'), '苏E***45');
    assert.equal(maskPlate('苏ED12345'), '苏E****45');
    assert.equal(maskPlate('京A1234警'), '京A***4警');
    assert.equal(maskPlate('苏E1'), '***');
  });
});
