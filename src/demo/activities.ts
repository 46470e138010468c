/**
 * 宣讲 and 学习 activities in the demo city, through the same commands as the organisers: three teams (区委宣讲团 of
 * cadres, a 红领巾宣讲团 of pupils, 百姓名嘴 of residents), three topics with their targets (学习贯彻全会精神 over
 * the whole district, 垃圾分类 in 元和街道, 反诈宣传 in 望亭镇 — covered in full), a study route and a red route
 * with their stops, sessions of the last four months with their named check-ins (the organisers' offline lists),
 * walk-in headcounts and needs that became requests (channel `lecture`: some answered, some resolved, some still
 * being handled), one cancelled session, and public sessions to come on the public calendar.
 */
import type { AppContext } from '../context.js';
import type { Actor } from '../http/actor.js';
import { checkInBatch } from '../activities/commands/check-in-batch.js';
import { raiseNeed } from '../activities/commands/needs.js';
import { cancelSession, createSession, setHeadcount } from '../activities/commands/sessions.js';
import { createRoute } from '../activities/commands/study-route.js';
import { createTeam } from '../activities/commands/teams.js';
import { createTopic } from '../activities/commands/topics.js';
import type { SessionInput } from '../activities/schemas.js';
import { localDate } from '../requests/deadlines.js';
import { performAction } from '../requests/commands/perform-action.js';
import type { Action } from '../requests/workflow.js';
import { seededRandom } from '../text/seeded-random.js';
import { demoActors } from './users.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What became of a need: still with the department, answered (replied), or resolved (followed up and closed). */
type NeedOutcome = 'handling' | 'answered' | 'resolved';
type DemoNeed = { department: string; title: string; description: string; outcome: NeedOutcome };

type DemoSession = Pick<SessionInput, 'title' | 'kind' | 'format' | 'area_code'> &
  Partial<
    Pick<
      SessionInput,
      'speakers' | 'party_branch' | 'venue' | 'audiences' | 'capacity' | 'registration_required' | 'is_public'
    >
  > & {
    /** Days from today (negative: past) and the local hour it starts, how long it lasts. */
    day: number;
    hour: number;
    hours: number;
    topic?: keyof Topics;
    team?: keyof Teams;
    route?: 'study' | 'red';
    organiser: 'supervisor' | 'fieldworker';
    /** Named check-ins from the organiser's offline list, and walk-ins counted. */
    named?: number;
    headcount?: number;
    needs?: DemoNeed[];
    cancelled?: string;
  };
type Topics = Record<'plenary' | 'garbage' | 'fraud', number>;
type Teams = Record<'cadres' | 'pupils' | 'residents', number>;

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '朱',
  '沈',
  '顾',
  '陆',
];
const GIVEN = [
  '建华',
  '秀英',
  '志强',
  '桂芳',
  '国庆',
  '丽娟',
  '海峰',
  '玉兰',
  '文斌',
  '春梅',
  '晓东',
  '雪芳',
];

export async function loadDemoActivities(ctx: AppContext, j: string): Promise<void> {
  const user = await demoActors(ctx.db, j);
  const realNow = ctx.now();
  let clock = realNow;
  // Each need's story is driven by hand, so the classifier only suggests (no auto-dispatch).
  const at: AppContext = { ...ctx, config: { ...ctx.config, autoDispatchThreshold: 1 }, now: () => clock };
  const admin = user('supervisor');
  const today = localDate(realNow, 'Asia/Shanghai');
  const year = today.slice(0, 4);
  /** A local time `day` days from today at `hour` o'clock (China has no summer time). */
  const localAt = (day: number, hour: number) =>
    new Date(Date.parse(`${today}T00:00:00+08:00`) + day * DAY + hour * HOUR);

  const teams: Teams = {
    cadres: await createTeam(at, {
      actor: admin,
      input: {
        name: '区委宣讲团',
        kind: 'cadres',
        level: 'district',
        department_code: null,
        area_code: null,
        members: [
          { name: '区委宣传部 王建国', role: 'leader' },
          { name: '区委党校 李文华', role: 'speaker' },
          { name: '区政府办 陈思远', role: 'speaker' },
          { user_id: user('supervisor').userId, role: 'member' },
        ],
      },
    }),
    pupils: await createTeam(at, {
      actor: admin,
      input: {
        name: '元和小学红领巾宣讲团',
        kind: 'youth',
        level: 'street',
        department_code: null,
        area_code: 'xc-yuanhe',
        members: [
          { name: '辅导员 周老师', role: 'leader' },
          { name: '小雨', role: 'speaker' },
          { name: '乐乐', role: 'speaker' },
          { name: '朵朵', role: 'speaker' },
        ],
      },
    }),
    residents: await createTeam(at, {
      actor: admin,
      input: {
        name: '果园社区百姓名嘴宣讲队',
        kind: 'residents',
        level: 'community',
        department_code: null,
        area_code: 'xc-wangting-guoyuan',
        members: [
          { name: '老党员 顾阿伯', role: 'leader' },
          { name: '退休教师 徐阿姨', role: 'speaker' },
          { user_id: user('fieldworker').userId, role: 'member' },
        ],
      },
    }),
  };

  const topics: Topics = {
    plenary: await createTopic(at, {
      actor: admin,
      input: {
        title: '学习贯彻全会精神',
        summary: '把全会精神讲到基层一线：集中宣讲进机关，互动宣讲进社区，百姓茶馆里话发展、听民声。',
        materials: [
          { title: '全会公报解读（宣讲提纲）', url: 'https://www.example.cn/xuanjiang/tigang.pdf' },
        ],
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        target_area_code: 'xc',
        target_date: `${year}-12-31`,
      },
    }),
    garbage: await createTopic(at, {
      actor: admin,
      input: {
        title: '垃圾分类',
        summary: '四分类投放、定时定点，红领巾小讲师走进小区和暑托班。',
        materials: [{ title: '垃圾分类投放指南', url: 'https://www.example.cn/xuanjiang/lajifenlei.html' }],
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        target_area_code: 'xc-yuanhe',
        target_date: `${year}-12-31`,
      },
    }),
    fraud: await createTopic(at, {
      actor: admin,
      input: {
        title: '反诈宣传',
        summary: '识破刷单返利、冒充客服、养老投资骗局；下载国家反诈中心APP。',
        materials: [],
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        target_area_code: 'xc-wangting',
        target_date: `${year}-12-31`,
      },
    }),
  };

  const routes = {
    study: await createRoute(at, {
      actor: admin,
      input: {
        name: '相城文脉学习线路',
        kind: 'study',
        description: '沿元和塘走读相城：从金砖里的工匠精神，到冯梦龙的清廉为官。',
        stops: [
          {
            name: '御窑金砖博物馆',
            lat: 31.3905,
            lon: 120.6352,
            story: '陆慕御窑烧制金砖六百年，一块金砖要经二十九道工序，讲的是精益求精的工匠精神。',
          },
          {
            name: '冯梦龙纪念馆',
            lat: 31.4638,
            lon: 120.5186,
            story: '冯梦龙任寿宁知县时勤政爱民、清廉自守，是廉政教育的生动教材。',
          },
          {
            name: '黄埭镇新时代文明实践所',
            lat: 31.4622,
            lon: 120.5376,
            story: '志愿服务点单、派单、接单，把理论宣讲和为民办事结合起来。',
          },
        ],
      },
    }),
    red: await createRoute(at, {
      actor: admin,
      input: {
        name: '阳澄湖畔红色足迹线路',
        kind: 'red',
        description: '寻访阳澄湖畔的革命足迹，重温军民鱼水情。',
        stops: [
          {
            name: '消泾村党群服务中心',
            lat: 31.4589,
            lon: 120.7713,
            story: '村史馆里陈列着抗战时期群众掩护伤病员的老物件。',
          },
          {
            name: '湘城老街',
            lat: 31.4402,
            lon: 120.7289,
            story: '老街上的地下交通站旧址，传递过无数份情报。',
          },
        ],
      },
    }),
  };

  const sessions: DemoSession[] = [
    {
      title: '学习贯彻全会精神 区级机关集中宣讲',
      kind: 'lecture',
      format: 'central',
      topic: 'plenary',
      team: 'cadres',
      speakers: ['王建国'],
      area_code: 'xc',
      venue: '区会议中心一楼报告厅',
      audiences: ['cadres', 'party_members'],
      day: -110,
      hour: 9,
      hours: 2,
      organiser: 'supervisor',
      named: 46,
      headcount: 180,
    },
    {
      title: '百姓茶馆：全会精神大家谈',
      kind: 'lecture',
      format: 'teahouse',
      topic: 'plenary',
      team: 'cadres',
      speakers: ['王建国', '李文华'],
      area_code: 'xc-wangting-guoyuan',
      venue: '果园社区百姓茶馆',
      audiences: ['public', 'elderly'],
      is_public: true,
      capacity: 60,
      day: -96,
      hour: 14,
      hours: 2,
      organiser: 'supervisor',
      named: 24,
      headcount: 31,
      needs: [
        {
          department: 'housing',
          title: '老旧小区加装电梯进度慢',
          description: '居民在百姓茶馆反映：果园新村3幢想加装电梯，意见已统一，希望加快审批和施工进度。',
          outcome: 'resolved',
        },
        {
          department: 'transport',
          title: '希望增开至高铁新城的公交',
          description: '老年居民反映到高铁新城看病要换乘两次公交，希望增开或调整线路。',
          outcome: 'answered',
        },
      ],
    },
    {
      title: '垃圾分类小讲师进暑托班',
      kind: 'lecture',
      format: 'interactive',
      topic: 'garbage',
      team: 'pupils',
      speakers: ['小雨', '乐乐'],
      area_code: 'xc-yuanhe-lumu',
      venue: '陆慕社区暑期托管班',
      audiences: ['youth'],
      day: -88,
      hour: 9,
      hours: 1.5,
      organiser: 'supervisor',
      named: 0,
      headcount: 42,
    },
    {
      title: '垃圾分类进小区 互动宣讲',
      kind: 'lecture',
      format: 'interactive',
      topic: 'garbage',
      team: 'pupils',
      speakers: ['朵朵'],
      area_code: 'xc-yuanhe-yuyao',
      venue: '御窑社区文化广场',
      audiences: ['public', 'youth'],
      is_public: true,
      day: -75,
      hour: 18,
      hours: 1.5,
      organiser: 'supervisor',
      named: 12,
      headcount: 65,
      needs: [
        {
          department: 'urban-mgmt',
          title: '小区垃圾投放点夜间无照明',
          description: '居民反映御窑花园垃圾投放点晚上没有灯，定时投放时看不清分类标识，希望加装照明。',
          outcome: 'resolved',
        },
      ],
    },
    {
      title: '反诈宣传进村 百姓名嘴讲案例',
      kind: 'lecture',
      format: 'interactive',
      topic: 'fraud',
      team: 'residents',
      speakers: ['顾阿伯', '徐阿姨'],
      area_code: 'xc-wangting-guoyuan',
      venue: '果园社区党群服务中心',
      audiences: ['elderly', 'public'],
      is_public: true,
      day: -68,
      hour: 9,
      hours: 1.5,
      organiser: 'fieldworker',
      named: 18,
      headcount: 40,
    },
    {
      title: '反诈宣传 迎湖村专场',
      kind: 'lecture',
      format: 'central',
      topic: 'fraud',
      team: 'residents',
      speakers: ['徐阿姨'],
      area_code: 'xc-wangting-yinghu',
      venue: '迎湖村村民议事厅',
      audiences: ['elderly'],
      day: -61,
      hour: 14,
      hours: 1,
      organiser: 'supervisor',
      named: 9,
      headcount: 28,
    },
    {
      title: '机关党委中心组学习会',
      kind: 'study',
      format: 'group_study',
      topic: 'plenary',
      party_branch: '区委办机关党支部',
      speakers: ['李文华'],
      area_code: 'xc',
      venue: '区行政中心 3 楼会议室',
      audiences: ['cadres', 'party_members'],
      day: -54,
      hour: 15,
      hours: 2,
      organiser: 'supervisor',
      named: 22,
    },
    {
      title: '反诈宣传 项路村、宅基村联合专场',
      kind: 'lecture',
      format: 'central',
      topic: 'fraud',
      team: 'residents',
      speakers: ['顾阿伯'],
      area_code: 'xc-wangting-xianglu',
      venue: '项路村文化礼堂',
      audiences: ['elderly', 'public'],
      day: -47,
      hour: 9,
      hours: 1.5,
      organiser: 'supervisor',
      named: 14,
      headcount: 52,
      needs: [
        {
          department: 'police',
          title: '村口监控探头损坏',
          description: '村民反映项路村村口的治安监控已坏了一个多月，担心电动车被盗，希望尽快修复。',
          outcome: 'resolved',
        },
      ],
    },
    {
      title: '反诈宣传 宅基村夜校',
      kind: 'lecture',
      format: 'interactive',
      topic: 'fraud',
      team: 'residents',
      speakers: ['徐阿姨'],
      area_code: 'xc-wangting-zhaiji',
      venue: '宅基村夜校教室',
      audiences: ['public'],
      day: -40,
      hour: 19,
      hours: 1.5,
      organiser: 'supervisor',
      named: 11,
      headcount: 23,
    },
    {
      title: '主题党日：沿着红色足迹学党史',
      kind: 'study',
      format: 'party_day',
      route: 'red',
      party_branch: '消泾村党总支',
      area_code: 'xc-yangchenghu-xiaojing',
      venue: '消泾村党群服务中心（集合）',
      audiences: ['party_members'],
      day: -33,
      hour: 9,
      hours: 3,
      organiser: 'supervisor',
      named: 28,
    },
    {
      title: '全会精神进社区 朝阳社区互动宣讲',
      kind: 'lecture',
      format: 'interactive',
      topic: 'plenary',
      team: 'cadres',
      speakers: ['陈思远'],
      area_code: 'xc-yuanhe-chaoyang',
      venue: '朝阳社区居民活动室',
      audiences: ['public', 'party_members'],
      is_public: true,
      capacity: 80,
      day: -26,
      hour: 14,
      hours: 2,
      organiser: 'supervisor',
      named: 33,
      headcount: 27,
      needs: [
        {
          department: 'health',
          title: '社区卫生服务站希望延长开放时间',
          description: '上班族居民反映社区卫生服务站下午五点关门，希望周末或晚上能延长开放时间。',
          outcome: 'handling',
        },
        {
          department: 'urban-mgmt',
          title: '小区周边占道停车严重',
          description: '居民反映朝阳路早晚高峰占道停车严重，孩子上学不安全，希望加强管理。',
          outcome: 'answered',
        },
      ],
    },
    {
      title: '相城文脉现场教学',
      kind: 'lecture',
      format: 'onsite',
      topic: 'plenary',
      team: 'cadres',
      route: 'study',
      speakers: ['李文华'],
      area_code: 'xc-yuanhe-lumu',
      venue: '御窑金砖博物馆（集合）',
      audiences: ['cadres', 'party_members'],
      day: -19,
      hour: 9,
      hours: 4,
      organiser: 'supervisor',
      named: 35,
    },
    {
      title: '垃圾分类 蠡口社区专场',
      kind: 'lecture',
      format: 'interactive',
      topic: 'garbage',
      team: 'pupils',
      speakers: ['小雨', '朵朵'],
      area_code: 'xc-yuanhe-likou',
      venue: '蠡口社区广场',
      audiences: ['public', 'youth'],
      is_public: true,
      day: -12,
      hour: 18,
      hours: 1.5,
      organiser: 'supervisor',
      named: 8,
      headcount: 47,
      needs: [
        {
          department: 'urban-mgmt',
          title: '厨余垃圾桶清运不及时',
          description: '居民反映蠡口新村厨余垃圾桶经常满溢，夏天异味大，希望增加清运频次。',
          outcome: 'handling',
        },
      ],
    },
    {
      title: '三会一课：党员大会暨党课',
      kind: 'study',
      format: 'three_one',
      topic: 'plenary',
      party_branch: '果园社区党委',
      speakers: ['顾阿伯'],
      area_code: 'xc-wangting-guoyuan',
      venue: '果园社区党员活动室',
      audiences: ['party_members'],
      day: -6,
      hour: 19,
      hours: 1.5,
      organiser: 'fieldworker',
      named: 19,
    },
    {
      title: '百姓茶馆：全会精神进北桥',
      kind: 'lecture',
      format: 'teahouse',
      topic: 'plenary',
      team: 'cadres',
      speakers: ['王建国'],
      area_code: 'xc-beiqiao-beiqiao',
      venue: '北桥社区百姓茶馆',
      audiences: ['public'],
      is_public: true,
      day: -15,
      hour: 14,
      hours: 2,
      organiser: 'supervisor',
      cancelled: '台风预警，改期举行',
    },
    // to come: on the public calendar
    {
      title: '百姓茶馆：全会精神进北桥（改期）',
      kind: 'lecture',
      format: 'teahouse',
      topic: 'plenary',
      team: 'cadres',
      speakers: ['王建国'],
      area_code: 'xc-beiqiao-beiqiao',
      venue: '北桥社区百姓茶馆',
      audiences: ['public', 'elderly'],
      is_public: true,
      capacity: 60,
      day: 3,
      hour: 14,
      hours: 2,
      organiser: 'supervisor',
    },
    {
      title: '垃圾分类 红领巾小讲师进朝阳社区',
      kind: 'lecture',
      format: 'interactive',
      topic: 'garbage',
      team: 'pupils',
      speakers: ['乐乐'],
      area_code: 'xc-yuanhe-chaoyang',
      venue: '朝阳社区文化广场',
      audiences: ['public', 'youth'],
      is_public: true,
      day: 6,
      hour: 18,
      hours: 1.5,
      organiser: 'supervisor',
    },
    {
      title: '反诈宣传进高铁新城',
      kind: 'lecture',
      format: 'central',
      topic: 'fraud',
      team: 'residents',
      speakers: ['徐阿姨'],
      area_code: 'xc-gaotie-nantiancheng',
      venue: '南天成社区邻里中心',
      audiences: ['public', 'elderly'],
      is_public: true,
      capacity: 100,
      registration_required: true,
      day: 10,
      hour: 9,
      hours: 1.5,
      organiser: 'supervisor',
    },
    {
      title: '相城文脉学习线路 市民开放日',
      kind: 'lecture',
      format: 'onsite',
      topic: 'plenary',
      team: 'cadres',
      route: 'study',
      speakers: ['李文华'],
      area_code: 'xc-yuanhe-lumu',
      venue: '御窑金砖博物馆（集合）',
      audiences: ['public'],
      is_public: true,
      capacity: 40,
      registration_required: true,
      day: 17,
      hour: 9,
      hours: 4,
      organiser: 'supervisor',
    },
  ];

  const random = seededRandom(1717); // the same names on every machine
  /** A seeded shuffle (Fisher–Yates). */
  const shuffled = <T>(xs: readonly T[]) => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const k = Math.floor(random() * (i + 1));
      [out[i], out[k]] = [out[k]!, out[i]!];
    }
    return out;
  };
  const act = (actor: Actor, id: number, action: Action, input: object) =>
    performAction(at, { actor, requestId: id, action, input });

  for (const s of sessions) {
    const startsAt = localAt(s.day, s.hour);
    const endsAt = new Date(startsAt.getTime() + s.hours * HOUR);
    const organiser = user(s.organiser);
    // Planned a week ahead (or today, for what is still to come soon).
    clock = new Date(Math.min(startsAt.getTime() - 7 * DAY, realNow.getTime()));
    const id = await createSession(at, {
      actor: organiser,
      input: {
        title: s.title,
        kind: s.kind,
        format: s.format,
        topic_id: s.topic ? topics[s.topic] : null,
        team_id: s.team ? teams[s.team] : null,
        speakers: s.speakers ?? [],
        party_branch: s.party_branch ?? null,
        starts_at: startsAt,
        ends_at: endsAt,
        area_code: s.area_code,
        venue: s.venue ?? '',
        route_id: s.route ? routes[s.route] : null,
        audiences: s.audiences ?? [],
        capacity: s.capacity ?? null,
        registration_required: s.registration_required ?? false,
        is_public: s.is_public ?? false,
      },
    });
    // A new session is at version 1; check-ins do not change it.
    if (s.cancelled) {
      clock = new Date(startsAt.getTime() - DAY);
      await cancelSession(at, { actor: organiser, id, input: { reason: s.cancelled, expected_version: 1 } });
      continue;
    }
    if (endsAt > realNow) continue;
    clock = new Date(endsAt.getTime() + HOUR);
    if (s.named) {
      const names = shuffled(SURNAMES.flatMap((family) => GIVEN.map((given) => family + given))).slice(
        0,
        s.named,
      );
      await checkInBatch(at, {
        actor: organiser,
        sessionId: id,
        input: {
          entries: names.map((name, i) => ({
            client_id: `demo-${id}-${i}`,
            name,
            ...(s.party_branch ? { branch: s.party_branch } : {}),
            at: new Date(startsAt.getTime() + ((i % 20) - 10) * 60_000),
          })),
        },
        idempotencyKey: `demo-activity-${id}`,
      });
    }
    if (s.headcount) {
      await setHeadcount(at, {
        actor: organiser,
        id,
        input: { headcount: s.headcount, expected_version: 1 },
      });
    }
    for (const need of s.needs ?? []) {
      const request = await raiseNeed(at, {
        actor: organiser,
        sessionId: id,
        input: { title: need.title, description: need.description },
      });
      await followNeed(request.id, need);
    }
  }

  /** The department's handling of a need, a few days apart, as far as its outcome. */
  async function followNeed(requestId: number, need: DemoNeed) {
    const start = clock;
    const step = (days: number) =>
      (clock = new Date(Math.min(clock.getTime() + days * DAY, realNow.getTime() - 60_000)));
    const handler = user(`handler.${need.department}`);
    step(0.1);
    await act(user('dispatcher'), requestId, 'dispatch', { department_code: need.department });
    step(0.5);
    await act(handler, requestId, 'sign', {});
    if (need.outcome !== 'handling') {
      step(3);
      await act(handler, requestId, 'reply', {
        text: `您好，您在宣讲活动中反映的“${need.title}”已收悉，我单位已现场核实并制定整改方案，将于两周内完成，届时再向您反馈。`,
      });
    }
    if (need.outcome === 'resolved') {
      step(2);
      await act(user('operator'), requestId, 'follow-up', { resolved: true, satisfaction: 'satisfied' });
      step(0.1);
      await act(user('operator'), requestId, 'close', {});
    }
    clock = start;
  }
}
