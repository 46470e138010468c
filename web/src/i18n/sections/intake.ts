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
      login: {
        toView: '请用反映问题时的手机号登录，登录后即可查看该诉求的办理进度。',
        locked: '验证码错误次数过多，该验证码已失效，请重新获取验证码',
        newCode: '重新获取验证码',
      },
      callers: {
        title: '来电人历史诉求',
        total: '共 {n} 件',
        none: '该号码此前没有诉求',
        phoneLabel: '来电号码',
        phonePlaceholder: '按来电号码查询',
      },
      consent: {
        label: '是否公开',
        public: '公开展示（隐去个人信息）',
        private: '不公开',
        hint: '公开时只显示诉求内容和办理情况，姓名、电话等个人信息一律隐去，位置只到街道/镇（地图上只显示约 100 米范围的大致位置）；举报件一律不公开。',
      },
      lookup: {
        label: '工单号查询',
        placeholder: '输入工单号',
        submit: '查询',
        report: '我要反映',
        invalid: '工单号为 8 位以上数字',
      },
      ticket: {
        title: '工单公开信息',
        notFound: '未找到该工单：工单号有误，或该诉求未公开（举报件及选择不公开的诉求不予公开）',
        updates: '办理过程',
        answer: '答复',
        noAnswer: '尚未答复',
        back: '返回公开信息',
        kinds: {
          received: '已受理',
          dispatched: '已派单',
          signed: '承办单位已签收',
          answered: '已答复',
          reopened: '重新办理',
          closed: '已办结',
        },
      },
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
      login: {
        toView: 'Log in with the phone number you reported with to follow this request.',
        locked: 'Too many wrong codes: this code no longer works. Ask for a new one.',
        newCode: 'Get a new code',
      },
      callers: {
        title: 'The caller’s earlier requests',
        total: '{n} in all',
        none: 'No earlier request from this number',
        phoneLabel: 'Caller phone',
        phonePlaceholder: 'Search by caller phone',
      },
      consent: {
        label: 'Publish',
        public: 'Show publicly (personal data removed)',
        private: 'Do not publish',
        hint: 'Published requests show only what was asked and how it was handled: names, phones and other personal data are removed, the place is shown only to the street or town (on the map, only within about 100 m). Reports of wrongdoing are never published.',
      },
      lookup: {
        label: 'Find a ticket',
        placeholder: 'Ticket number',
        submit: 'Find',
        report: 'Report a problem',
        invalid: 'A ticket number has at least 8 digits',
      },
      ticket: {
        title: 'Ticket',
        notFound:
          'No such ticket: the number is wrong, or the request is not published (reports of wrongdoing and requests filed as not public are never shown)',
        updates: 'Progress',
        answer: 'Answer',
        noAnswer: 'Not answered yet',
        back: 'Back to the public page',
        kinds: {
          received: 'Received',
          dispatched: 'Dispatched',
          signed: 'Signed by the department',
          answered: 'Answered',
          reopened: 'Reopened',
          closed: 'Closed',
        },
      },
    },
  },
};
