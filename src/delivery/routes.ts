import type { AppContext } from '../context.js';
import type { Actor, UserActor } from '../http/actor.js';
import { AppError } from '../http/errors.js';
import { IdParams } from '../http/inputs.js';
import { mayManageDelivery, mayOptOutOfSms, mayReadDeliveries, requestVisibility } from '../http/policies.js';
import { itemsOf, Ok } from '../http/responses.js';
import type { ApiRegistry } from '../http/route.js';
import { loadRequest } from '../requests/queries.js';
import { rateByLink, viewFollowupLink } from './commands/followup-by-link.js';
import { isOptedOut, resetTemplate, saveSettings, saveTemplate, setOptOut } from './commands/manage.js';
import { presentDeadLetter, presentDelivery } from './presenter.js';
import { deadLetters, deliveriesOf, listTemplates, settingsOf } from './queries.js';
import {
  DeadLetter,
  Delivery,
  DeliverySettingsAnswer,
  DeliverySettingsBody,
  DeliveryTemplate,
  FollowupBody,
  FollowupView,
  LinkParams,
  OptOut,
  OptOutBody,
  TemplateBody,
  TopicParams,
} from './schemas.js';

/** The policy has let only a logged-in user through. */
const user = (actor: Actor) => actor as UserActor;

/** The 回访 link's two calls: few per address and minute (a token is not to be guessed by trying). */
const LINK_RATE_LIMIT = 30;

export function deliveryRoutes(api: ApiRegistry, ctx: AppContext) {
  const route = api.feature('delivery');

  route.get(
    '/api/v1/delivery/templates',
    '消息模板 The messages residents receive, per event: text, placeholders, SMS length',
    { response: { 200: itemsOf(DeliveryTemplate) }, allow: mayManageDelivery },
    async ({ actor }) => ({ items: await listTemplates(ctx, user(actor).jurisdictionId) }),
  );

  route.put(
    '/api/v1/delivery/templates/:topic',
    '修改消息模板 Change the message of an event (checked: placeholders, at most 3 SMS parts)',
    {
      params: TopicParams,
      body: TemplateBody,
      response: { 200: itemsOf(DeliveryTemplate) },
      errors: [422],
      allow: mayManageDelivery,
    },
    async ({ actor, params, body }) => {
      await saveTemplate(ctx, { actor: user(actor), topic: params.topic, body: body.body });
      return { items: await listTemplates(ctx, user(actor).jurisdictionId) };
    },
  );

  route.delete(
    '/api/v1/delivery/templates/:topic',
    '恢复默认模板 Back to the default message of an event',
    { params: TopicParams, response: { 200: itemsOf(DeliveryTemplate) }, allow: mayManageDelivery },
    async ({ actor, params }) => {
      await resetTemplate(ctx, { actor: user(actor), topic: params.topic });
      return { items: await listTemplates(ctx, user(actor).jurisdictionId) };
    },
  );

  const settingsAnswer = async (jurisdictionId: string) => ({
    ...(await settingsOf(ctx, jurisdictionId)),
    configured: {
      aliyun: !!ctx.config.delivery.aliyun,
      tencent: !!ctx.config.delivery.tencent,
      smtp: !!ctx.config.delivery.smtp,
    },
  });

  route.get(
    '/api/v1/delivery/settings',
    '发送渠道 How the jurisdiction reaches residents: the SMS provider and e-mail',
    { response: { 200: DeliverySettingsAnswer }, allow: mayManageDelivery },
    async ({ actor }) => settingsAnswer(user(actor).jurisdictionId),
  );

  route.put(
    '/api/v1/delivery/settings',
    '设置发送渠道 Choose the SMS provider and e-mail (only those the server is configured for)',
    {
      body: DeliverySettingsBody,
      response: { 200: DeliverySettingsAnswer },
      errors: [422],
      allow: mayManageDelivery,
    },
    async ({ actor, body }) => {
      await saveSettings(ctx, { actor: user(actor), settings: body });
      return settingsAnswer(user(actor).jurisdictionId);
    },
  );

  route.get(
    '/api/v1/delivery/dead',
    '死信 Messages to residents that could not be delivered (newest first)',
    { response: { 200: itemsOf(DeadLetter) }, allow: mayManageDelivery },
    async ({ actor }) => ({
      items: (await deadLetters(ctx, user(actor).jurisdictionId)).map(presentDeadLetter),
    }),
  );

  route.get(
    '/api/v1/requests/:id/deliveries',
    '通知记录 The messages sent to the request’s resident and how each fared (staff only)',
    { params: IdParams, response: { 200: itemsOf(Delivery) }, allow: mayReadDeliveries },
    async ({ actor, params }) => {
      const j = user(actor).jurisdictionId;
      if (!(await loadRequest(ctx.db, j, params.id, requestVisibility(actor))))
        throw new AppError('not_found');
      return { items: (await deliveriesOf(ctx, j, params.id)).map(presentDelivery) };
    },
  );

  route.get(
    '/api/v1/me/sms-opt-out',
    '短信退订状态 Whether the resident has stopped the centre’s SMS',
    { response: { 200: OptOut }, allow: mayOptOutOfSms },
    async ({ actor }) => ({
      opted_out: await isOptedOut(ctx, user(actor).jurisdictionId, user(actor).phoneHash!),
    }),
  );

  route.put(
    '/api/v1/me/sms-opt-out',
    '短信退订 Stop (or resume) the centre’s SMS to the resident’s phone',
    { body: OptOutBody, response: { 200: OptOut }, allow: mayOptOutOfSms },
    async ({ actor, body }) => {
      const a = user(actor);
      await setOptOut(ctx, {
        jurisdictionId: a.jurisdictionId,
        phoneHash: a.phoneHash!,
        optedOut: body.opted_out,
      });
      return { opted_out: body.opted_out };
    },
  );

  const link = api.feature('delivery', 'public');

  link.get(
    '/api/v1/followup-links/:token',
    '回访链接 The answer a resident’s SMS link points to, and whether it may still be rated (no login)',
    { params: LinkParams, response: { 200: FollowupView }, errors: [410], rateLimit: LINK_RATE_LIMIT },
    async ({ params }) => viewFollowupLink(ctx, params.token),
  );

  link.post(
    '/api/v1/followup-links/:token',
    '回访评价 The resident rates the answer through the link: their own follow-up (channel sms_link), once',
    {
      params: LinkParams,
      body: FollowupBody,
      response: { 200: Ok },
      errors: [409, 410],
      rateLimit: LINK_RATE_LIMIT,
    },
    async ({ params, body }) => {
      await rateByLink(ctx, { token: params.token, ...body });
      return { ok: true as const };
    },
  );
}
