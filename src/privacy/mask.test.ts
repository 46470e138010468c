import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskName, maskPersonalText, maskPhone, normalisePhone } from './mask.js';

test('mobile numbers keep their first three and last four digits', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
  assert.equal(normalisePhone('+8613812345678'), '13812345678');
});

test('landlines and short numbers keep at most the last four digits', () => {
  assert.equal(maskPhone('051265551234'), '********1234');
  assert.equal(maskPhone('110'), '***');
});

test('names keep their first character', () => {
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskName('李四'), '李*');
  assert.equal(maskName(' Alice '), 'A****');
  assert.equal(maskName(''), '');
});

test('phones and ID numbers typed into a body are masked, other numbers survive', () => {
  const text = '我的电话13912345678，身份证号320507199001011234，座机0512-65551234，小区3栋101室，2024年5月';
  const masked = maskPersonalText(text);
  assert.ok(!masked.includes('13912345678'));
  assert.ok(masked.includes('139****5678'));
  assert.ok(!masked.includes('320507199001011234'));
  assert.ok(masked.includes('320***********1234'));
  assert.ok(!masked.includes('65551234'));
  assert.ok(masked.includes('3栋101室') && masked.includes('2024年5月'));
});

test('a phone with +86 and separators is masked too', () => {
  assert.equal(maskPersonalText('联系+86 139-1234-5678谢谢'), '联系139****5678谢谢');
});
