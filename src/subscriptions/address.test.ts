import { testCases } from '../../test/support/cases.js';
import { normaliseEmail } from './address.js';

testCases(normaliseEmail, {
  'a plain mailbox, trimmed and lower-cased': [
    ['someone@example.cn', 'someone@example.cn'],
    ['  Some.One+alerts@Mail.Example.CN ', 'some.one+alerts@mail.example.cn'],
    ["o'brien@example.com", "o'brien@example.com"],
  ],
  'not one mailbox: refused': [
    ['', null],
    ['someone', null],
    ['someone@', null],
    ['@example.cn', null],
    ['someone@localhost', null],
    ['some one@example.cn', null],
    ['a@b.cn, c@d.cn', null],
    ['王五 <wang@example.cn>', null],
    ['wang@example.cn\nBcc: x@y.cn', null],
    ['.wang@example.cn', null],
    ['wa..ng@example.cn', null],
    ['wang@-example.cn', null],
    [`${'a'.repeat(65)}@example.cn`, null],
    [`a@${'b'.repeat(250)}.cn`, null],
  ],
});
