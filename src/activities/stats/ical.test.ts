import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { placeOf, sessionsCalendar, sessionUid, type PublicSession } from './ical.js';

const opts = {
  name: '相城区 宣讲活动',
  jurisdictionId: 'xiangcheng',
  publicUrl: 'https://banshi.example.cn/',
};

const session = (over: Partial<PublicSession> = {}): PublicSession => ({
  id: 7,
  title: '学习贯彻全会精神 百姓茶馆互动宣讲',
  kindLabel: '宣讲',
  formatLabel: '百姓茶馆',
  topicTitle: '学习贯彻全会精神',
  startsAt: new Date('2026-12-10T01:30:00Z'),
  endsAt: new Date('2026-12-10T03:00:00Z'),
  areaName: '果园社区',
  venue: '百姓茶馆',
  audienceLabels: ['党员', '群众'],
  capacity: 60,
  placesLeft: 48,
  registrationRequired: false,
  cancelled: false,
  version: 1,
  updatedAt: new Date('2026-12-01T08:00:00Z'),
  ...over,
});

const parse = (text: string) => new ICAL.Component(ICAL.parse(text));
const events = (text: string) => parse(text).getAllSubcomponents('vevent');

describe('the public calendar', () => {
  test('a session as an event, parsed back', () => {
    const [event, ...rest] = events(sessionsCalendar([session()], opts));
    assert.equal(rest.length, 0);
    const e = new ICAL.Event(event!);
    assert.equal(e.uid, 'activity-session-xiangcheng-7@banshi.example.cn');
    assert.equal(e.summary, '学习贯彻全会精神 百姓茶馆互动宣讲');
    assert.equal(e.location, '果园社区 百姓茶馆');
    assert.equal(e.startDate.toJSDate().toISOString(), '2026-12-10T01:30:00.000Z');
    assert.equal(e.endDate.toJSDate().toISOString(), '2026-12-10T03:00:00.000Z');
    assert.equal(
      e.description,
      '主题：学习贯彻全会精神\n形式：宣讲·百姓茶馆\n对象：党员、群众\n名额：60（剩余 48）',
    );
    assert.equal(e.sequence, 1);
    assert.equal(event!.getFirstPropertyValue('status'), 'CONFIRMED');
    assert.equal(event!.getFirstPropertyValue('url'), 'https://banshi.example.cn/public');
  });

  test('the calendar: its name, PUBLISH, no organiser or attendee anywhere', () => {
    const text = sessionsCalendar([session()], opts);
    const cal = parse(text);
    assert.equal(cal.getFirstPropertyValue('x-wr-calname'), '相城区 宣讲活动');
    assert.equal(cal.getFirstPropertyValue('method'), 'PUBLISH');
    assert.doesNotMatch(text, /ORGANIZER|ATTENDEE/);
  });

  test('a cancelled session stays, as CANCELLED, with the same UID and a later sequence', () => {
    const before = events(sessionsCalendar([session()], opts))[0]!;
    const after = events(sessionsCalendar([session({ cancelled: true, version: 3 })], opts))[0]!;
    assert.equal(after.getFirstPropertyValue('uid'), before.getFirstPropertyValue('uid'));
    assert.equal(after.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal(after.getFirstPropertyValue('sequence'), 3);
    assert.match(String(after.getFirstPropertyValue('description')), /本场活动已取消$/);
  });

  test('text with the characters iCalendar escapes comes back as it was', () => {
    const title = '反诈宣传; 进社区, 第一场\\二场\n（晚场）';
    const venue = '文体中心, 二楼; 会议室';
    const [event] = events(sessionsCalendar([session({ title, venue, topicTitle: null })], opts));
    const e = new ICAL.Event(event!);
    assert.equal(e.summary, title);
    assert.equal(e.location, `果园社区 ${venue}`);
    assert.doesNotMatch(e.description, /主题/);
  });

  test('without capacity, audience or topic: only the format; registration when asked', () => {
    const [event] = events(
      sessionsCalendar(
        [
          session({
            capacity: null,
            placesLeft: null,
            audienceLabels: [],
            topicTitle: null,
            registrationRequired: true,
          }),
        ],
        opts,
      ),
    );
    assert.equal(new ICAL.Event(event!).description, '形式：宣讲·百姓茶馆\n需提前报名');
  });

  test('several sessions, each its own UID; none is an empty calendar', () => {
    const list = events(sessionsCalendar([session(), session({ id: 8 }), session({ id: 9 })], opts));
    assert.deepEqual(
      list.map((e) => e.getFirstPropertyValue('uid')),
      [7, 8, 9].map((id) => `activity-session-xiangcheng-${id}@banshi.example.cn`),
    );
    assert.equal(events(sessionsCalendar([], opts)).length, 0);
  });

  test('the UID’s domain from the public URL, or a reserved one without it', () => {
    assert.equal(sessionUid('j', 1, 'http://localhost:8080/x'), 'activity-session-j-1@localhost');
    assert.equal(sessionUid('j', 1, ''), 'activity-session-j-1@banshi.invalid');
  });

  test('the place without a venue is the area alone', () => {
    assert.equal(placeOf({ areaName: '果园社区', venue: '' }), '果园社区');
  });
});
