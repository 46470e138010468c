/** Staff notifications: the top bar's badge and its list. */
export default {
  'zh-CN': {
    notifications: {
      title: '通知',
      markRead: '全部已读',
      empty: '暂无通知',
      dueAt: '{at} 到期',
      kind: {
        dispatched: '新派单',
        deadline_soon: '即将到期',
        supervised: '督办',
        escalated_returns: '多次退回升级',
      },
    },
  },
  en: {
    notifications: {
      title: 'Notifications',
      markRead: 'Mark all read',
      empty: 'No notifications',
      dueAt: 'due {at}',
      kind: {
        dispatched: 'New dispatch',
        deadline_soon: 'Deadline soon',
        supervised: 'Supervision (督办)',
        escalated_returns: 'Escalated after returns',
      },
    },
  },
};
