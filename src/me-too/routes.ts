/** 附议 "me too" before filing: nearby open public requests like the one being written, a voice added, those followed. */
import type { AppContext } from '../context.js';
import { jurisdictionOf, type Actor, type UserActor } from '../http/actor.js';
import { mayAddVoice } from '../http/policies.js';
import type { ApiRegistry } from '../http/route.js';
import { addVoice } from './commands/add-voice.js';
import { followedRequests, meTooCandidates } from './queries.js';
import { FollowedRequests, MeTooCandidates, MeTooQuery, Supported, TicketParams } from './schemas.js';

/** A resident known by their phone (the policy has let only them through). */
const voice = (actor: Actor) => actor as UserActor & { phoneHash: string };

export function meTooRoutes(api: ApiRegistry, ctx: AppContext) {
  const open = api.feature('public', 'public');
  const route = api.feature('public');

  open.post(
    '/api/v1/me-too/candidates',
    '附议候选 Open public requests within a few hundred metres that are probably the problem being written, anonymised',
    { body: MeTooQuery, response: { 200: MeTooCandidates } },
    async ({ actor, body }) => ({
      items: await meTooCandidates(ctx, actor, jurisdictionOf(actor, ctx.config.defaultJurisdiction), body),
    }),
  );

  route.post(
    '/api/v1/me-too/:ticket_no',
    '附议 Add the resident’s voice to an open public request (once) instead of filing; they follow it',
    { params: TicketParams, response: { 200: Supported }, errors: [404, 409], allow: mayAddVoice },
    ({ actor, params }) => addVoice(ctx, { actor: voice(actor), ticketNo: params.ticket_no }),
  );

  route.get(
    '/api/v1/me-too/following',
    '我附议的 The requests the resident added their voice to, as the public sees them',
    { response: { 200: FollowedRequests }, allow: mayAddVoice },
    async ({ actor }) => ({
      items: await followedRequests(ctx, actor.jurisdictionId, voice(actor).phoneHash),
    }),
  );
}
