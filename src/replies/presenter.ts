/** Every field of a reply template, and of a reply that was only a template, that leaves the server. */
import type { Actor } from '../http/actor.js';
import { mayManageReplyTemplates } from '../http/policies.js';
import type { loadTemplate, templateOnlyReplies } from './queries.js';

type TemplateRow = NonNullable<Awaited<ReturnType<typeof loadTemplate>>>;
type TemplateOnlyRow = Awaited<ReturnType<typeof templateOnlyReplies>>['rows'][number];

export const presentTemplate = (t: TemplateRow, actor: Actor) => ({
  id: t.id,
  title: t.title,
  body: t.body,
  department_code: t.department_code,
  category_code: t.category_code,
  active: t.active,
  updated_at: t.updated_at.toISOString(),
  editable: mayManageReplyTemplates(actor, t.department_code),
});

/** A reply flagged as only a template: its text and template from the event's payload. */
export const templateOnlyReply = (r: TemplateOnlyRow) => {
  const p = r.payload as { text?: string; template_id?: number };
  return {
    request_id: r.request_id,
    ticket_no: r.ticket_no,
    department_code: r.department_code,
    template_id: p.template_id ?? null,
    text: p.text ?? '',
    actor: r.actor_label,
    at: r.at.toISOString(),
  };
};
