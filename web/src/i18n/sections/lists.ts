/** Messages of the request lists: the ticket lookup, batch actions, filters, saved filters, dashboard captions, maps. */
export default {
  'zh-CN': {
    lookup: {
      placeholder: '工单号或关键词查询',
    },
    rateBase: {
      dispatched: '派单数',
      followed_up: '回访数',
      replies_due: '应办结数',
      showList: '查看清单',
    },
  },
  en: {
    lookup: {
      placeholder: 'Find a ticket (number or words)',
    },
    rateBase: {
      dispatched: 'Dispatched',
      followed_up: 'Followed up',
      replies_due: 'Replies due',
      showList: 'Show the list',
    },
  },
};
