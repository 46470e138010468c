import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bulletinText } from './bulletin.js';
import {
  bulletinFigures,
  groupSessions,
  isHeld,
  localMonth,
  NONE,
  totals,
  type SessionFacts,
  type StatsRow,
  type TopicTarget,
} from './grouping.js';

const TZ = 'Asia/Shanghai';
const now = new Date('2026-12-07T12:00:00+08:00');
const at = (local: string) => new Date(`${local}+08:00`);

const topic = { garbage: { key: '1', label: '垃圾分类' }, fraud: { key: '2', label: '反诈宣传' } };
const team = { cadres: { key: '10', label: '区委宣讲团' }, pupils: { key: '11', label: '红领巾宣讲团' } };
const street = { wangting: { key: 'wt', label: '望亭镇' }, yuanhe: { key: 'yh', label: '元和街道' } };
const community = {
  guoyuan: { key: 'wt-guoyuan', label: '果园社区' },
  xiyuan: { key: 'wt-xiyuan', label: '西苑社区' },
  lumu: { key: 'yh-lumu', label: '陆慕社区' },
};

/** A held 宣讲 in 果园社区 on 1 November, two hours long, with no figures unless given. */
const session = (over: Partial<SessionFacts> = {}): SessionFacts => {
  const startsAt = over.startsAt ?? at('2026-11-01T09:00:00');
  return {
    kind: 'lecture',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
    cancelledAt: null,
    topic: topic.garbage,
    team: team.cadres,
    community: community.guoyuan,
    street: street.wangting,
    named: 0,
    headcount: 0,
    needsRaised: 0,
    needsResolved: 0,
    ...over,
  };
};

const row = (key: string, label: string, over: Partial<StatsRow> = {}): StatsRow => ({
  key,
  label,
  sessions: 0,
  named: 0,
  headcount: 0,
  attendance: 0,
  communities_covered: 0,
  communities_target: null,
  needs_raised: 0,
  needs_resolved: 0,
  ...over,
});

describe('a held session', () => {
  test('ended and not cancelled', () => {
    assert.equal(isHeld(session(), now), true);
  });
  test('one ending exactly now is held; one ending a moment later is not yet', () => {
    assert.equal(isHeld({ cancelledAt: null, endsAt: now }, now), true);
    assert.equal(isHeld({ cancelledAt: null, endsAt: new Date(now.getTime() + 1) }, now), false);
  });
  test('a cancelled session never counts, even once its time has passed', () => {
    assert.equal(isHeld(session({ cancelledAt: at('2026-10-30T10:00:00') }), now), false);
  });
  test('a running or planned session does not count yet', () => {
    assert.equal(isHeld(session({ startsAt: at('2026-12-07T11:00:00') }), now), false);
    assert.equal(isHeld(session({ startsAt: at('2026-12-20T09:00:00') }), now), false);
  });
});

describe('the local month', () => {
  test('in the jurisdiction’s time zone, not UTC', () => {
    assert.equal(localMonth(new Date('2026-10-31T16:30:00Z'), TZ), '2026-11');
    assert.equal(localMonth(new Date('2026-10-31T15:59:59Z'), TZ), '2026-10');
    assert.equal(localMonth(new Date('2026-12-31T16:00:00Z'), TZ), '2027-01');
  });
});

describe('grouping', () => {
  const opts = { now, timezone: TZ };
  // Hand-counted: three held sessions of 垃圾分类 (two in 果园, one in 陆慕), one held of 反诈 in 西苑, one without
  // topic nor team held at the street itself, one cancelled and one to come (neither counts).
  const sessions: SessionFacts[] = [
    session({ named: 30, headcount: 12, needsRaised: 3, needsResolved: 2 }),
    session({ startsAt: at('2026-11-20T14:00:00'), named: 8, headcount: 0, needsRaised: 1 }),
    session({
      startsAt: at('2026-10-10T19:00:00'),
      community: community.lumu,
      street: street.yuanhe,
      team: team.pupils,
      named: 0,
      headcount: 25,
    }),
    session({
      kind: 'study',
      topic: topic.fraud,
      team: null,
      community: community.xiyuan,
      startsAt: at('2026-11-30T23:00:00'),
      named: 15,
      needsRaised: 2,
      needsResolved: 2,
    }),
    session({ topic: null, team: null, community: null, startsAt: at('2026-12-01T09:00:00'), headcount: 40 }),
    session({ cancelledAt: at('2026-10-01T09:00:00'), named: 99, headcount: 99, needsRaised: 9 }),
    session({ startsAt: at('2026-12-08T09:00:00'), named: 5 }),
  ];

  test('per topic: the row of sessions without a topic last', () => {
    assert.deepEqual(groupSessions(sessions, 'topic', opts), [
      row('1', '垃圾分类', {
        sessions: 3,
        named: 38,
        headcount: 37,
        attendance: 75,
        communities_covered: 2,
        needs_raised: 4,
        needs_resolved: 2,
      }),
      row('2', '反诈宣传', {
        sessions: 1,
        named: 15,
        attendance: 15,
        communities_covered: 1,
        needs_raised: 2,
        needs_resolved: 2,
      }),
      row(NONE, '未指定主题', { sessions: 1, headcount: 40, attendance: 40 }),
    ]);
  });

  test('per team', () => {
    const rows = groupSessions(sessions, 'team', opts);
    assert.deepEqual(
      rows.map((r) => [r.key, r.label, r.sessions, r.attendance]),
      [
        ['10', '区委宣讲团', 2, 50],
        ['11', '红领巾宣讲团', 1, 25],
        [NONE, '未指定宣讲团', 2, 55],
      ],
    );
  });

  test('per area: the street, with the communities covered in it', () => {
    const rows = groupSessions(sessions, 'area', opts);
    assert.deepEqual(
      rows.map((r) => [
        r.key,
        r.label,
        r.sessions,
        r.attendance,
        r.communities_covered,
        r.communities_target,
      ]),
      [
        ['wt', '望亭镇', 4, 105, 2, null],
        ['yh', '元和街道', 1, 25, 1, null],
      ],
    );
  });

  test('a session held above the streets has its own row', () => {
    const rows = groupSessions([session({ street: null, community: null, headcount: 3 })], 'area', opts);
    assert.deepEqual(rows, [row(NONE, '区级及以上', { sessions: 1, headcount: 3, attendance: 3 })]);
  });

  test('per local month, in order', () => {
    const rows = groupSessions(sessions, 'month', opts);
    assert.deepEqual(
      rows.map((r) => [r.key, r.label, r.sessions, r.attendance, r.needs_raised]),
      [
        ['2026-10', '2026年10月', 1, 25, 0],
        ['2026-11', '2026年11月', 3, 65, 6],
        ['2026-12', '2026年12月', 1, 40, 0],
      ],
    );
  });

  test('nothing held, no rows', () => {
    for (const by of ['topic', 'team', 'area', 'month'] as const)
      assert.deepEqual(groupSessions([], by, opts), []);
  });

  test('ties: by attendance, then by label', () => {
    const rows = groupSessions(
      [
        session({ topic: { key: 'b', label: '乙' }, named: 1 }),
        session({ topic: { key: 'a', label: '甲' }, named: 1 }),
        session({ topic: { key: 'c', label: '丙' }, named: 5 }),
      ],
      'topic',
      opts,
    );
    assert.deepEqual(
      rows.map((r) => r.label),
      ['丙', '甲', '乙'],
    );
  });

  describe('against a topic’s target', () => {
    const targets: TopicTarget[] = [
      { topic: topic.garbage, communities: ['wt-guoyuan', 'wt-xiyuan', 'wt-other'] },
      { topic: { key: '3', label: '学习贯彻全会精神' }, communities: ['yh-lumu', 'wt-guoyuan'] },
    ];

    test('covered counts only the target’s communities; a target without a session has its row', () => {
      const rows = groupSessions(sessions, 'topic', { ...opts, targets });
      assert.deepEqual(
        rows.map((r) => [r.key, r.sessions, r.communities_covered, r.communities_target]),
        [
          // 果园 is in the target, 陆慕 is not
          ['1', 3, 1, 3],
          ['2', 1, 1, null],
          ['3', 0, 0, 2],
          [NONE, 1, 0, null],
        ],
      );
    });

    test('a community covered twice counts once', () => {
      const rows = groupSessions([session(), session(), session({ community: community.xiyuan })], 'topic', {
        ...opts,
        targets,
      });
      assert.equal(rows[0]!.communities_covered, 2);
    });

    test('targets make no difference to the other groupings', () => {
      assert.deepEqual(
        groupSessions(sessions, 'team', { ...opts, targets }),
        groupSessions(sessions, 'team', opts),
      );
    });
  });

  describe('the totals and the bulletin', () => {
    test('all held sessions, lectures and studies apart, every community covered', () => {
      const t = totals(sessions, { now });
      assert.deepEqual(t, {
        ...row('total', '合计', {
          sessions: 5,
          named: 53,
          headcount: 77,
          attendance: 130,
          communities_covered: 3,
          needs_raised: 6,
          needs_resolved: 4,
        }),
        lectures: 4,
        studies: 1,
      });
    });

    test('the target: the communities of every target, counted once', () => {
      const targets: TopicTarget[] = [
        { topic: topic.garbage, communities: ['a', 'b', 'c'] },
        { topic: topic.fraud, communities: ['b', 'c', 'd', 'e'] },
      ];
      assert.equal(totals(sessions, { now, targets }).communities_target, 5);
      assert.equal(totals(sessions, { now, targets: [] }).communities_target, null);
    });

    test('the sentence from the figures', () => {
      const figures = bulletinFigures(
        totals(sessions, { now, targets: [{ topic: topic.garbage, communities: ['a', 'b', 'c', 'd'] }] }),
      );
      assert.equal(
        bulletinText(figures, { from: '2026-01-01', today: '2026-12-07' }, { jurisdictionName: '相城区' }),
        '今年以来，全区各宣讲团开展宣讲活动 4 场，各基层党组织开展学习活动 1 场，覆盖社区 3 个（目标 4 个），' +
          '参与群众 130 人次，收集意见建议 6 条，已解决 4 条。',
      );
    });
  });
});
