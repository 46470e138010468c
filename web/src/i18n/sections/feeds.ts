/** Atom feeds of the public requests (the public page's subscription link). */
export default {
  'zh-CN': {
    feeds: {
      link: 'Atom 订阅',
      title: '用阅读器订阅当前街道或类别的新诉求及办理进展',
    },
  },
  en: {
    feeds: {
      link: 'Atom feed',
      title: 'Follow new requests and their progress for this street or category in a feed reader',
    },
  },
};
