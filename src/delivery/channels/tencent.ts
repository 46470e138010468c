import type { Endpoint, SmsProviderConfig } from '../../config.js';
import { PermanentFailure, type Channel } from './channel.js';

/** Tencent's codes for a request that will fail the same way again. */
const PERMANENT =
  /^(FailedOperation\.(TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|PhoneNumberInBlacklist|MissingTemplateToModify)|InvalidParameterValue\..*|UnsupportedOperation\..*)$/;

/**
 * SMS through Tencent Cloud's official SDK (sms 2021-01-11, SendSms, TC3-signed), loaded when first used.
 * SessionContext carries the message's key: Tencent returns it with the receipt.
 */
export async function tencentChannel(
  c: SmsProviderConfig & {
    secretId: string;
    secretKey: string;
    region: string;
    appId: string;
    endpoint: Endpoint;
  },
): Promise<Channel> {
  const { sms } = await import('tencentcloud-sdk-nodejs-sms');
  const client = new sms.v20210111.Client({
    credential: { secretId: c.secretId, secretKey: c.secretKey },
    region: c.region,
    profile: { httpProfile: { endpoint: c.endpoint.host, protocol: `${c.endpoint.protocol}://` } },
  });
  return {
    async send(m) {
      const templateId = c.templates[m.topic];
      if (!templateId) throw new PermanentFailure(`no Tencent template for ${m.topic}`);
      let res;
      try {
        res = await client.SendSms({
          PhoneNumberSet: [`+86${m.to}`],
          SmsSdkAppId: c.appId,
          SignName: c.signName,
          TemplateId: templateId,
          TemplateParamSet: m.params.map(([, v]) => v),
          SessionContext: m.key,
        });
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        const msg = `tencent ${code}: ${(err as Error).message}`;
        throw PERMANENT.test(code) ? new PermanentFailure(msg) : new Error(msg);
      }
      const status = res.SendStatusSet?.[0];
      if (status?.Code !== 'Ok') {
        const msg = `tencent ${status?.Code ?? 'no status'}: ${status?.Message ?? ''}`;
        throw PERMANENT.test(status?.Code ?? '') ? new PermanentFailure(msg) : new Error(msg);
      }
      return { providerId: status.SerialNo ?? null };
    },
    async close() {},
  };
}
