// Hand-written facts for the demo city (苏州市相城区). Consumed by scripts/build-demo-city.ts.
// Everything geographic here is approximate: centres are rough town/street locations and the
// district outline is a simplified convex hull, so that generated cells are valid polygons.

export type LonLat = [number, number];

export const JURISDICTION = {
  id: 'xiangcheng',
  name: '苏州市相城区',
  name_en: 'Xiangcheng District, Suzhou',
  timezone: 'Asia/Shanghai',
  center: [120.64, 31.45] as LonLat,
  note: 'Polygons are approximate (generated), not survey boundaries.',
};

export const DISTRICT = {
  code: 'xc',
  name: '相城区',
  // Simplified convex outline, counter-clockwise (lon, lat). Roughly lon 120.42–120.86, lat 31.34–31.57.
  outline: [
    [120.48, 31.405],
    [120.57, 31.365],
    [120.64, 31.34],
    [120.76, 31.35],
    [120.86, 31.41],
    [120.85, 31.48],
    [120.72, 31.55],
    [120.6, 31.57],
    [120.5, 31.53],
    [120.43, 31.49],
    [120.42, 31.44],
  ] as LonLat[],
};

export interface CommunityFact {
  slug: string;
  name: string;
  /** number of 网格 to generate (0/undefined = none) */
  grids?: number;
}

export interface StreetFact {
  slug: string;
  name: string;
  /** approximate centre, used as the Voronoi seed of the street cell */
  center: LonLat;
  office: { code: string; name: string };
  communities: CommunityFact[];
}

// 11 towns / streets / zones. Community names: real where known (果园社区, 冯梦龙村, 御窑社区,
// 消泾村, 莲花村 …), otherwise plausible.
export const STREETS: StreetFact[] = [
  {
    slug: 'wangting',
    name: '望亭镇',
    center: [120.46, 31.45],
    office: { code: 'wangting-town', name: '望亭镇人民政府' },
    communities: [
      { slug: 'guoyuan', name: '果园社区', grids: 3 },
      { slug: 'yinghu', name: '迎湖村' },
      { slug: 'xianglu', name: '项路村' },
      { slug: 'zhaiji', name: '宅基村' },
    ],
  },
  {
    slug: 'huangdai',
    name: '黄埭镇',
    center: [120.525, 31.445],
    office: { code: 'huangdai-town', name: '黄埭镇人民政府' },
    communities: [
      { slug: 'chunshen', name: '春申社区' },
      { slug: 'fengmenglong', name: '冯梦龙村', grids: 2 },
      { slug: 'xinxiang', name: '新巷村' },
    ],
  },
  {
    slug: 'weitang',
    name: '渭塘镇',
    center: [120.63, 31.465],
    office: { code: 'weitang-town', name: '渭塘镇人民政府' },
    communities: [
      { slug: 'fengyang', name: '凤阳社区' },
      { slug: 'fenghuangjing', name: '凤凰泾村' },
      { slug: 'weixi', name: '渭西村' },
    ],
  },
  {
    slug: 'beiqiao',
    name: '北桥街道',
    center: [120.62, 31.53],
    office: { code: 'beiqiao-street', name: '北桥街道办事处' },
    communities: [
      { slug: 'beiqiao', name: '北桥社区', grids: 2 },
      { slug: 'lingfeng', name: '灵峰村' },
      { slug: 'zhuangji', name: '庄基村' },
    ],
  },
  {
    slug: 'yuanhe',
    name: '元和街道',
    center: [120.635, 31.385],
    office: { code: 'yuanhe-street', name: '元和街道办事处' },
    communities: [
      { slug: 'yuyao', name: '御窑社区', grids: 3 },
      { slug: 'lumu', name: '陆慕社区' },
      { slug: 'likou', name: '蠡口社区' },
      { slug: 'chaoyang', name: '朝阳社区' },
    ],
  },
  {
    slug: 'taiping',
    name: '太平街道',
    center: [120.7, 31.45],
    office: { code: 'taiping-street', name: '太平街道办事处' },
    communities: [
      { slug: 'taiping', name: '太平社区' },
      { slug: 'liangang', name: '莲港村' },
      { slug: 'wangxiang', name: '旺巷村' },
    ],
  },
  {
    slug: 'chengyang',
    name: '澄阳街道',
    center: [120.675, 31.405],
    office: { code: 'chengyang-street', name: '澄阳街道办事处' },
    communities: [
      { slug: 'chengyang', name: '澄阳社区' },
      { slug: 'taiyuan', name: '泰元社区' },
      { slug: 'ruidai', name: '芮埭村' },
    ],
  },
  {
    slug: 'yangchenghu',
    name: '阳澄湖镇',
    center: [120.8, 31.44],
    office: { code: 'yangchenghu-town', name: '阳澄湖镇人民政府' },
    communities: [
      { slug: 'xiangcheng', name: '湘城社区' },
      { slug: 'xiaojing', name: '消泾村', grids: 2 },
      { slug: 'lianhua', name: '莲花村' },
      { slug: 'qingshui', name: '清水村' },
    ],
  },
  {
    slug: 'caohu',
    name: '漕湖街道',
    center: [120.555, 31.5],
    office: { code: 'caohu-street', name: '漕湖街道办事处' },
    communities: [
      { slug: 'dongqiao', name: '东桥社区' },
      { slug: 'caohu', name: '漕湖社区' },
      { slug: 'fangbang', name: '方浜村' },
    ],
  },
  {
    slug: 'beihejing',
    name: '北河泾街道',
    center: [120.605, 31.415],
    office: { code: 'beihejing-street', name: '北河泾街道办事处' },
    communities: [
      { slug: 'beihejing', name: '北河泾社区' },
      { slug: 'huayuan', name: '华元社区' },
      { slug: 'yongfang', name: '永方社区' },
    ],
  },
  {
    slug: 'gaotie',
    name: '高铁新城',
    center: [120.64, 31.43],
    office: { code: 'gaotie-office', name: '苏州高铁新城管理委员会' },
    communities: [
      { slug: 'nantiancheng', name: '南天成社区', grids: 2 },
      { slug: 'chenghe', name: '澄和社区' },
    ],
  },
];

export const GRID_ORDINALS = ['第一', '第二', '第三', '第四'];

// District-level bureaus (area_code = district). Codes are used in usernames (handler.<code>).
export const BUREAUS: { code: string; name: string }[] = [
  { code: 'housing', name: '相城区住房和城乡建设局' },
  { code: 'urban-mgmt', name: '相城区城市管理局（综合行政执法局）' },
  { code: 'transport', name: '相城区交通运输局' },
  { code: 'police', name: '苏州市公安局相城分局' },
  { code: 'ecology', name: '苏州市相城生态环境局' },
  { code: 'hrss', name: '相城区人力资源和社会保障局' },
  { code: 'education', name: '相城区教育局' },
  { code: 'health', name: '相城区卫生健康委员会' },
  { code: 'market', name: '相城区市场监督管理局' },
  { code: 'civil-affairs', name: '相城区民政局' },
  { code: 'planning', name: '苏州市自然资源和规划局相城分局' },
  { code: 'agriculture', name: '相城区农业农村局' },
  { code: 'commerce', name: '相城区商务局' },
  { code: 'culture-tourism', name: '相城区文体旅局' },
  { code: 'water', name: '相城区水务局' },
  { code: 'emergency', name: '相城区应急管理局' },
  { code: 'medical-insurance', name: '相城区医疗保障局' },
  { code: 'tax', name: '国家税务总局苏州市相城区税务局' },
  { code: 'gov-service', name: '相城区政务服务管理办公室（12345热线）' },
  { code: 'approval', name: '相城区行政审批局' },
  { code: 'petition', name: '相城区信访局' },
  { code: 'justice', name: '相城区司法局' },
  { code: 'science', name: '相城区科学技术局' },
  { code: 'veterans', name: '相城区退役军人事务局' },
  { code: 'development', name: '相城区发展和改革委员会' },
  { code: 'finance', name: '相城区财政局' },
  { code: 'discipline', name: '相城区纪委监委' },
];

// Utilities (area_code null: they are service providers, not territorial bodies).
export const UTILITIES: { code: string; name: string }[] = [
  { code: 'power', name: '国网苏州供电公司相城分公司' },
  { code: 'water-supply', name: '相城区自来水公司' },
  { code: 'gas', name: '相城区燃气公司' },
  { code: 'telecom', name: '电信运营商相城分公司（电信/移动/联通）' },
];

// Community / village committees (kind community). `community` is the slug path street/community.
export const COMMITTEES: { code: string; name: string; street: string; community: string }[] = [
  { code: 'guoyuan-cmte', name: '望亭镇果园社区居民委员会', street: 'wangting', community: 'guoyuan' },
  { code: 'yuyao-cmte', name: '元和街道御窑社区居民委员会', street: 'yuanhe', community: 'yuyao' },
  { code: 'xiaojing-cmte', name: '阳澄湖镇消泾村村民委员会', street: 'yangchenghu', community: 'xiaojing' },
  {
    code: 'nantiancheng-cmte',
    name: '高铁新城南天成社区居民委员会',
    street: 'gaotie',
    community: 'nantiancheng',
  },
];

// 一级 category → default department.
export const CATEGORY_DEFAULTS: Record<string, string> = {
  城乡建设: 'housing',
  劳动和社会保障: 'hrss',
  教育文体: 'education',
  商贸旅游: 'market',
  卫生计生: 'health',
  环境保护: 'ecology',
  交通运输: 'transport',
  党务政务: 'gov-service',
  农村农业: 'agriculture',
  国土资源: 'planning',
  政法: 'police',
  民政: 'civil-affairs',
  科技与信息产业: 'science',
  纪检监察: 'discipline',
  经济管理: 'development',
};

// 二级 overrides where the sub-category obviously belongs to another department.
// (The TipDM taxonomy puts 自来水/燃气/电力供应 at level 3 under 城市建设和市政管理, so utilities are
// only reachable via level-2 电信 here.)
export const CATEGORY_OVERRIDES: [level1: string, level2: string, department: string][] = [
  ['城乡建设', '城市建设和市政管理', 'urban-mgmt'],
  ['城乡建设', '城乡规划', 'planning'],
  ['城乡建设', '安全生产', 'emergency'],
  ['商贸旅游', '商业贸易', 'commerce'],
  ['商贸旅游', '旅游管理', 'culture-tourism'],
  ['卫生计生', '食品药品监管', 'market'],
  ['教育文体', '文化', 'culture-tourism'],
  ['教育文体', '体育', 'culture-tourism'],
  ['教育文体', '文物管理', 'culture-tourism'],
  ['农村农业', '水利水电', 'water'],
  ['农村农业', '水库移民', 'water'],
  ['国土资源', '海洋气象地震', 'emergency'],
  ['政法', '仲裁与调解', 'justice'],
  ['政法', '法制建设', 'justice'],
  ['政法', '法律服务', 'justice'],
  ['政法', '刑罚执行', 'justice'],
  ['政法', '行政复议', 'justice'],
  ['民政', '优抚', 'veterans'],
  ['民政', '复退安置', 'veterans'],
  ['科技与信息产业', '电信', 'telecom'],
  ['科技与信息产业', '知识产权', 'market'],
  ['经济管理', '安全生产', 'emergency'],
  ['经济管理', '金融财税', 'finance'],
  ['经济管理', '保险证券期货', 'finance'],
  ['经济管理', '国资监管', 'finance'],
];
