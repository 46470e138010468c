/** 附议 "me too": nearby requests like the one being written, a voice added instead of filing, those followed. */
export default {
  'zh-CN': {
    meToo: {
      title: '附近已有相似诉求',
      hint: '以下是附近正在办理的相似诉求。如果是同一个问题，您可以附议，不必重复提交；办理结果也会通知您。',
      reporters: '{n} 人反映',
      distance: '约 {m} 米',
      support: '附议',
      supported: '已附议',
      view: '查看',
      fileAnyway: '不是同一个问题？请继续填写并提交。',
      needLogin: '附议前请先在下方验证手机号',
      doneTitle: '附议成功',
      doneText: '您已附议工单 {ticket}，目前共 {n} 人反映。办理结果将通知您，也可在“我的诉求”中查看。',
      following: '我附议的诉求',
      event: { support: '居民附议' },
    },
  },
  en: {
    meToo: {
      title: 'Similar requests nearby',
      hint: 'These similar requests nearby are being handled. If yours is the same problem, add your voice instead of filing again; you will be told the answer too.',
      reporters: '{n} reported',
      distance: 'about {m} m',
      support: 'Me too',
      supported: 'Voice added',
      view: 'View',
      fileAnyway: 'Not the same problem? Go on and submit yours.',
      needLogin: 'Verify your phone number below before adding your voice',
      doneTitle: 'Your voice was added',
      doneText:
        'You added your voice to request {ticket}; {n} people have reported it. You will be told the answer, and you can follow it under My requests.',
      following: 'Requests I support',
      event: { support: 'A resident added their voice' },
    },
  },
};
