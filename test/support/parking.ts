/** Fixtures of the parking tests. */

/** 陆慕社区, 元和街道 (not inside any of its grids). */
export const LUMU = { lat: 31.38655, lon: 120.63989 };

export const schoolSite = {
  code: 'XC-P-SCHOOL-01',
  name: '陆慕实验小学停车场',
  kind: 'school',
  operator_name: '陆慕实验小学',
  operator_department_code: 'education',
  address: '元和街道陆慕老街1号',
  ...LUMU,
  capacity: 100,
  capacity_disabled: 2,
  capacity_charging: 6,
  has_fee: false,
  opening_hours: '24/7',
  osm_id: 'way/123456',
  realtime_interval_seconds: 60,
};
