/** Messages of the request lists: the ticket lookup, batch actions, filters, saved filters, dashboard captions, maps. */
export default {
  'zh-CN': {
    lookup: {
      placeholder: '工单号或关键词查询',
    },
  },
  en: {
    lookup: {
      placeholder: 'Find a ticket (number or words)',
    },
  },
};
