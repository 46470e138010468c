import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskName, maskPhone } from './mask.js';

test('mobile numbers keep their first three and last four digits', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
  assert.equal(maskPhone('+8613812345678'), '138****5678');
});

test('landlines and short numbers keep at most the last four digits', () => {
  assert.equal(maskPhone('051265551234'), '********1234');
  assert.equal(maskPhone('0512-6555 1234 转 12'), '********1234-12');
  assert.equal(maskPhone('110'), '***');
});

test('names keep their first character', () => {
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskName('李四'), '李*');
  assert.equal(maskName(' Alice '), 'A****');
  assert.equal(maskName(''), '');
});
