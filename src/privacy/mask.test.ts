import { testCases } from '../../test/support/cases.js';
import { maskName, maskPhone, normalisePhone } from './mask.js';

testCases(maskPhone, {
  'mobile numbers keep their first three and last four digits': [
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
  ],
  'landlines and short numbers keep at most the last four digits': [
    ['051265551234', '********1234'],
    ['110', '***'],
  ],
});

testCases(normalisePhone, {
  'a mobile number is its eleven digits, without +86': [['+8613812345678', '13812345678']],
});

testCases(maskName, {
  'names keep their first character': [
    ['张三丰', '张**'],
    ['李四', '李*'],
    [' Alice ', 'A****'],
    ['', ''],
  ],
});
