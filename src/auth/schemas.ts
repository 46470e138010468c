/** What the login, session and admin (users, API keys) routes take and answer. */
import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { IdParams, MobileInput, paging } from '../http/inputs.js';
import { Instant, itemsOf, pageOf } from '../http/responses.js';
import { STAFF_ROLES } from '../users/users.js';

export { IdParams };

/** A one-time code goes to a mobile; the account is its canonical number (../privacy/phone.ts). */
const Phone = MobileInput;
const JurisdictionId = z.string().optional();
const Password = z.string().min(8).max(200);

export const LoginBody = z
  .object({
    username: z.string().min(1).max(100),
    password: z.string().min(1).max(200),
    jurisdiction_id: JurisdictionId,
  })
  .strict();
export const OtpBody = z.object({ phone: Phone, jurisdiction_id: JurisdictionId }).strict();
export const OtpVerifyBody = z
  .object({ phone: Phone, code: z.string().regex(/^\d{6}$/), jurisdiction_id: JurisdictionId })
  .strict();

export const NewUserBody = z
  .object({
    username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/),
    display_name: z.string().trim().min(1).max(50),
    role: z.enum(STAFF_ROLES),
    department_code: z.string().nullable().optional(),
    area_code: z.string().nullable().optional(),
    password: Password,
  })
  .strict()
  .refine((b) => !['handler', 'department_head'].includes(b.role) || !!b.department_code, {
    message: 'handlers and heads need a department',
    path: ['department_code'],
  });
export const UsersQuery = z
  .object({ q: z.string().trim().max(100).optional(), ...paging({ defaultSize: 20, maxSize: 500 }) })
  .strict();
export const UsernameParams = z.object({ username: z.string() });
export const PasswordBody = z.object({ password: Password }).strict();
export const ApiKeyBody = z.object({ name: z.string().trim().min(1).max(100) }).strict();

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────────

/** What the web application offers the user (../http/policies.ts `capabilities`). */
export const Capabilities = z
  .strictObject({
    console: z.boolean(),
    workbench: z.boolean(),
    dashboard: z.boolean(),
    ledger: z.boolean(),
    admin: z.boolean(),
    visits: z.boolean(),
    register_request: z.boolean(),
    manage_projects: z.boolean(),
    import_projects: z.boolean(),
    manage_campaigns: z.boolean(),
    place_orders: z.boolean(),
    manage_calendar: z.boolean(),
    look_up_callers: z.boolean(),
    edit_assessment: z.boolean(),
    manage_parking: z.boolean(),
    operate_parking: z.boolean(),
    look_up_requests: z.boolean(),
    notifications: z.boolean(),
    knowledge: z.boolean(),
    review_knowledge: z.boolean(),
    manage_reply_templates: z.boolean(),
    reply_review: z.boolean(),
    focus: z.boolean(),
    manage_monthly_problems: z.boolean(),
    activities: z.boolean(),
    manage_activities: z.boolean(),
  })
  .meta({ id: 'Capabilities' });

const session = { token: z.string(), expires_at: Instant };
const Role = z.enum(ROLES);

export const StaffLogin = z.strictObject({
  user: z.strictObject({
    id: z.number().int(),
    username: z.string(),
    display_name: z.string(),
    role: Role,
    department_code: z.string().nullable(),
    can: Capabilities,
  }),
  ...session,
});
export const ResidentLogin = z.strictObject({
  user: z.strictObject({ id: z.number().int(), role: z.literal('resident') }),
  ...session,
});
export const OtpSent = z.strictObject({ sent: z.literal(true) });

export const Me = z.union([
  z.strictObject({
    kind: z.literal('user'),
    id: z.number().int(),
    role: Role,
    display_name: z.string(),
    department_code: z.string().nullable(),
    area_code: z.string().nullable(),
    jurisdiction_id: z.string(),
    can: Capabilities,
  }),
  z.strictObject({
    kind: z.enum(['api_key', 'system']),
    name: z.string(),
    jurisdiction_id: z.string(),
    can: Capabilities,
  }),
]);

const userFields = {
  id: z.number().int(),
  username: z.string().nullable(),
  role: Role,
  department_code: z.string().nullable(),
};
export const CreatedUser = z.strictObject(userFields);
/** A page of the staff users. */
export const UserList = pageOf(
  z.strictObject({
    ...userFields,
    display_name: z.string(),
    area_code: z.string().nullable(),
    active: z.boolean(),
    created_at: Instant,
  }),
);

const apiKeyFields = { id: z.number().int(), name: z.string(), prefix: z.string(), created_at: Instant };
/** A new key: the key itself is shown this once. */
export const CreatedApiKey = z.strictObject({ ...apiKeyFields, key: z.string() });
export const ApiKeyList = itemsOf(z.strictObject({ ...apiKeyFields, revoked_at: Instant.nullable() }));
