import { testCases } from '../../test/support/cases.js';
import { maskName, maskPhone } from './mask.js';

testCases(maskPhone, {
  'mobile numbers keep their first three and last four digits': [
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['+8613812345678', '138****5678'],
  ],
  'landlines and short numbers keep at most the last four digits': [
    ['051265551234', '********1234'],
    ['0512-6555 1234 转 12', '********1234-12'],
    ['110', '***'],
  ],
});

testCases(maskName, {
  'names keep their first character': [
    ['张三丰', '张**'],
    ['李四', '李*'],
    [' Alice ', 'A****'],
    ['', ''],
  ],
});
