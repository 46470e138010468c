import { testCases } from '../../test/support/cases.js';
import { sendableAt } from './quiet-hours.js';

const at = (iso: string) => new Date(iso);
const shanghai = (input: [string, boolean]) =>
  sendableAt(at(input[0]), 'Asia/Shanghai', { urgent: input[1] }).toISOString();

testCases(shanghai, {
  // 08:00 in Shanghai is 00:00Z; 22:00 is 14:00Z.
  'daytime messages go at once': [
    [['2026-12-07T00:00:00.000Z', false], '2026-12-07T00:00:00.000Z'],
    [['2026-12-07T06:30:00.000Z', false], '2026-12-07T06:30:00.000Z'],
    [['2026-12-07T13:59:59.999Z', false], '2026-12-07T13:59:59.999Z'],
  ],
  'from 22:00 they wait for 08:00 the next morning': [
    [['2026-12-07T14:00:00.000Z', false], '2026-12-08T00:00:00.000Z'],
    [['2026-12-07T15:59:00.000Z', false], '2026-12-08T00:00:00.000Z'],
  ],
  'after midnight they wait for 08:00 the same morning': [
    [['2026-12-07T16:00:00.000Z', false], '2026-12-08T00:00:00.000Z'],
    [['2026-12-07T23:59:59.000Z', false], '2026-12-08T00:00:00.000Z'],
  ],
  'at the month and year boundaries': [
    [['2026-12-31T15:00:00.000Z', false], '2027-01-01T00:00:00.000Z'],
    [['2027-02-28T14:30:00.000Z', false], '2027-03-01T00:00:00.000Z'],
  ],
  'urgent messages go at any hour': [
    [['2026-12-07T14:00:00.000Z', true], '2026-12-07T14:00:00.000Z'],
    [['2026-12-07T18:00:00.000Z', true], '2026-12-07T18:00:00.000Z'],
  ],
});

testCases((input: [string, string]) => sendableAt(at(input[0]), input[1], { urgent: false }).toISOString(), {
  'in the jurisdiction’s own timezone': [
    [['2026-12-07T21:30:00.000Z', 'Asia/Urumqi'], '2026-12-08T02:00:00.000Z'],
    [['2026-12-07T12:00:00.000Z', 'UTC'], '2026-12-07T12:00:00.000Z'],
    [['2026-12-07T23:00:00.000Z', 'UTC'], '2026-12-08T08:00:00.000Z'],
  ],
});

testCases(
  (iso: string) =>
    sendableAt(at(iso), 'UTC', { urgent: false, quiet: { startHour: 12, endHour: 14 } }).toISOString(),
  {
    'a window within one day ends the same day': [
      ['2026-12-07T11:59:00.000Z', '2026-12-07T11:59:00.000Z'],
      ['2026-12-07T12:00:00.000Z', '2026-12-07T14:00:00.000Z'],
      ['2026-12-07T13:59:00.000Z', '2026-12-07T14:00:00.000Z'],
      ['2026-12-07T14:00:00.000Z', '2026-12-07T14:00:00.000Z'],
    ],
  },
);
