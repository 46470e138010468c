import { testCases } from '../../test/support/cases.js';
import { DEFAULT_SETTINGS, deliverySettings } from './settings.js';

testCases(deliverySettings, {
  'a jurisdiction without delivery settings, or with broken ones, logs both': [
    [{}, DEFAULT_SETTINGS],
    [null, DEFAULT_SETTINGS],
    [{ delivery: { sms: 'carrier-pigeon', email: 'smtp' } }, DEFAULT_SETTINGS],
    [{ delivery: { sms: 'aliyun' } }, DEFAULT_SETTINGS],
  ],
  'its own choice otherwise': [
    [{ delivery: { sms: 'aliyun', email: 'smtp' } }, { sms: 'aliyun', email: 'smtp' }],
    [
      { delivery: { sms: 'off', email: 'off' }, other: 1 },
      { sms: 'off', email: 'off' },
    ],
  ],
});
