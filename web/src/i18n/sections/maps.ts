/** The maps' pins, clusters, mini-map and the filters a click on the map sets. */
export default {
  'zh-CN': {
    maps: {
      closePopup: '关闭',
      pins: {
        count: '本视图 {n} 件诉求',
        clipped: '显示最新 {shown} 件，共 {total} 件，放大查看更多',
        failed: '诉求点位加载失败',
      },
      inView: '地图选区内的诉求',
      miniMap: '诉求位置地图',
      noPlace: '未标注地图位置',
    },
  },
  en: {
    maps: {
      closePopup: 'Close',
      pins: {
        count: '{n} requests in view',
        clipped: 'The newest {shown} of {total} shown; zoom in for more',
        failed: 'The requests’ pins could not be loaded',
      },
      inView: 'Requests in the selected part of the map',
      miniMap: 'Map of the request’s place',
      noPlace: 'No place on the map',
    },
  },
};
