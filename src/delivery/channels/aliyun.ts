import type { Endpoint, SmsProviderConfig } from '../../config.js';
import { PermanentFailure, type Channel } from './channel.js';

/** Aliyun's codes for a request that will fail the same way again (template, signature, number, account). */
const PERMANENT =
  /^isv\.(SMS_TEMPLATE_ILLEGAL|SMS_SIGNATURE_ILLEGAL|MOBILE_NUMBER_ILLEGAL|TEMPLATE_MISSING_PARAMETERS|INVALID_PARAMETERS|PARAM_LENGTH_LIMIT|BLACK_KEY_CONTROL_LIMIT)$/;

/**
 * SMS through Aliyun's official SDK (dysmsapi 2017-05-25, SendSms), loaded when first used. OutId carries the
 * message's key: Aliyun echoes it in its delivery receipts, and a retry names the same message.
 */
export async function aliyunChannel(
  c: SmsProviderConfig & { accessKeyId: string; accessKeySecret: string; endpoint: Endpoint },
): Promise<Channel> {
  const [sdk, openapi] = await Promise.all([
    import('@alicloud/dysmsapi20170525'),
    import('@alicloud/openapi-client'),
  ]);
  // The CommonJS module's default export, however the loader (node, tsx) wraps it.
  const wrapped = sdk.default as typeof sdk.default & { default?: typeof sdk.default };
  const Client = wrapped.default ?? wrapped;
  const client = new Client(
    new openapi.Config({
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      endpoint: c.endpoint.host,
      protocol: c.endpoint.protocol,
    }),
  );
  return {
    async send(m) {
      const templateCode = c.templates[m.topic];
      if (!templateCode) throw new PermanentFailure(`no Aliyun template for ${m.topic}`);
      const res = await client.sendSms(
        new sdk.SendSmsRequest({
          phoneNumbers: m.to,
          signName: c.signName,
          templateCode,
          templateParam: JSON.stringify(Object.fromEntries(m.params)),
          outId: m.key,
        }),
      );
      const body = res.body;
      if (body?.code !== 'OK') {
        const msg = `aliyun ${body?.code ?? 'no answer'}: ${body?.message ?? ''}`;
        throw PERMANENT.test(body?.code ?? '') ? new PermanentFailure(msg) : new Error(msg);
      }
      return { providerId: body.bizId ?? null };
    },
    async close() {},
  };
}
