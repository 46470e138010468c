/** Messages of the pin check: the report forms ask when the map pin and the typed address disagree. */
export default {
  'zh-CN': {
    pinCheck: {
      title: '地图位置与地址不一致',
      question: '地图上的位置在「{pin}」，而填写的地址是「{address}」。请确认以哪一个为准。',
      keepPin: '以地图位置为准',
      goBack: '返回修改',
    },
  },
  en: {
    pinCheck: {
      title: 'The map pin and the address disagree',
      question: 'The pin on the map is in “{pin}”, while the address says “{address}”. Which one is right?',
      keepPin: 'The map pin is right',
      goBack: 'Go back and fix',
    },
  },
};
