/** Words of the intake pages: phone numbers, caller history, the public ticket page, consent, place checks. */
export default {
  'zh-CN': {
    intake: {
      phoneProblem: {
        empty: '必填',
        characters: '只能填写数字、空格、短横线、括号、+86 前缀和分机号（如 转 123）',
        number: '号码无效：手机号为 11 位，固定电话须带区号（如 0512-65551234），也可填 400/800 号码',
        kind: '请填写 11 位手机号',
        extension: '手机号不能带分机号',
      },
      phoneHint: '手机号或带区号的固定电话，可带分机号',
    },
  },
  en: {
    intake: {
      phoneProblem: {
        empty: 'required',
        characters: 'only digits, spaces, dashes, brackets, a +86 prefix and an extension (ext. 123)',
        number:
          'not a valid number: a mobile has 11 digits, a fixed line needs its area code (e.g. 0512-65551234); 400/800 numbers are accepted',
        kind: 'an 11-digit mobile number, please',
        extension: 'a mobile number has no extension',
      },
      phoneHint: 'A mobile, or a fixed line with its area code; an extension may follow',
    },
  },
};
