/**
 * The API's JSON as the web application reads it: names for the server's own types (`generated/openapi.ts`,
 * from its OpenAPI document), so that a change of the server's answers breaks the web's typecheck.
 */
import type { components, paths } from './generated/openapi';

type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = paths[P][M];
type Json<C> = C extends { content: { 'application/json': infer T } } ? T : never;

/** What an operation answers when it succeeds (its 200, else its 201). */
type Answer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: { 200: infer R } }
    ? Json<R>
    : Operation<P, M> extends { responses: { 201: infer R } }
      ? Json<R>
      : never;
/** The JSON body an operation takes. */
type Body<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody: infer B } ? Json<B> : never;
/** The query parameters an operation takes. */
type Query<P extends keyof paths, M extends Method> = NonNullable<
  Operation<P, M> extends { parameters: { query?: infer Q } } ? Q : never
>;

// ── requests ────────────────────────────────────────────────────────────────────────────────────────────────
export type RequestItem = Schemas['Request'];
/** GET /api/v1/requests/{id}: the request with its timeline. */
export type RequestWithTimeline = Answer<'/api/v1/requests/{id}', 'get'>;
/** An action's answer: the request with its timeline, and the reporter's contact after reveal-contact. */
export type ActionAnswer = Answer<'/api/v1/requests/{id}/actions/{action}', 'post'>;
/** What POST /api/v1/requests takes to register a request. */
export type RegisterInput = Body<'/api/v1/requests', 'post'>;
export type RequestFilters = Omit<Query<'/api/v1/requests', 'get'>, 'page' | 'page_size'>;
export type TimelineEvent = Schemas['TimelineEvent'];
export type Attachment = Schemas['Attachment'];
/** An evidence file of a project milestone (佐证材料). */
export type MilestoneEvidenceFile = Schemas['MilestoneEvidenceFile'];
export type Status = RequestItem['status'];
export type RequestType = RequestItem['type'];
export type Channel = RequestItem['channel'];
export type SavedFilter = Schemas['SavedFilter'];
export type BatchAnswer = Schemas['BatchAnswer'];
export type Action = RequestItem['allowed_actions'][number];
export type Satisfaction = NonNullable<NonNullable<RequestItem['followup']>['satisfaction']>;

// ── who is logged in ────────────────────────────────────────────────────────────────────────────────────────
/** What the server lets the user open and do (`can` of GET /api/v1/auth/me). */
export type Capability = keyof Schemas['Capabilities'];
export type PublicConfig = Answer<'/api/v1/public/config', 'get'>;
/** A member of staff or a resident, with what they may do (a browser's session is always a user's). */
export type Me = Extract<Answer<'/api/v1/auth/me', 'get'>, { kind: 'user' }>;
export type StaffRole = Body<'/api/v1/admin/users', 'post'>['role'];

// ── reference data and administration ──────────────────────────────────────────────────────────────────────
export type Department = Schemas['Department'];
export type DepartmentKind = Department['kind'];
export type Area = Answer<'/api/v1/areas', 'get'>['items'][number];
export type AreaLevel = Area['level'];
export type GeoJsonGeometry = NonNullable<Area['geometry']>;
export type Category = Schemas['Category'];
export type SlaProfile = Schemas['SlaProfile'];
export type SlaProfileInput = Body<'/api/v1/admin/sla-profiles/{code}', 'put'>;
export type User = Answer<'/api/v1/admin/users', 'get'>['items'][number];
export type ApiKey = Answer<'/api/v1/admin/api-keys', 'get'>['items'][number];
export type AdminAlert = Answer<'/api/v1/admin/alerts', 'get'>['items'][number];

// ── the working-day calendar ───────────────────────────────────────────────────────────────────────────────
export type CalendarDay = Schemas['CalendarDay'];
export type ScheduleInput = Body<'/api/v1/admin/calendar/{year}/preview', 'post'>;
export type ScheduleFormat = ScheduleInput['format'];
export type ScheduleResult = Answer<'/api/v1/admin/calendar/{year}/preview', 'post'>;

// ── metrics and the public pages ───────────────────────────────────────────────────────────────────────────
export type DashboardMetrics = Answer<'/api/v1/metrics/dashboard', 'get'>;
/** A department's, street's, category's or day's figures, with its name. */
export type NamedMetricsGroup = DashboardMetrics['department'][number];
export type Rate = Extract<keyof NamedMetricsGroup, `${string}_rate`>;
export type PublicRequest = Answer<'/api/v1/public/requests', 'get'>['items'][number];
export type PublicStatus = PublicRequest['status'];
export type CallerHistory = Answer<'/api/v1/callers/history', 'get'>;
export type PublicTicket = Answer<'/api/v1/public/requests/{ticket_no}', 'get'>;
/** 附议: a nearby open public request like the one being written, and a request the resident follows. */
export type MeTooCandidate = Answer<'/api/v1/me-too/candidates', 'post'>['items'][number];
export type MeTooQuery = Body<'/api/v1/me-too/candidates', 'post'>;
export type FollowedRequest = Answer<'/api/v1/me-too/following', 'get'>['items'][number];

// ── the projects ledger, visits and orders ─────────────────────────────────────────────────────────────────
/** A project as GET /api/v1/projects/{id} answers it: with its updates and linked requests. */
export type ProjectWithUpdates = Answer<'/api/v1/projects/{id}', 'get'>;
export type Project = Schemas['Project'];
export type Milestone = Project['milestones'][number];
export type ProjectKind = Project['kind'];
export type ProjectLevel = Project['level'];
export type ProjectStatus = Project['status'];
/** What an xlsx import did (or, refused, the same report in the error's details). */
export type ImportReport = Answer<'/api/v1/projects/import', 'post'>;
export type Bulletin = Answer<'/api/v1/projects/bulletin', 'get'>;
export type BulletinItem = Bulletin['projects'][number];
export type Campaign = Schemas['Campaign'];
export type CampaignKind = Campaign['kind'];
/** Orders a community placed, or orders a department received. */
export type OrderSide = NonNullable<Query<'/api/v1/orders', 'get'>['role']>;
export type VisitInput = Body<'/api/v1/visits', 'post'>;
export type VisitorKind = NonNullable<VisitInput['visitor_kind']>;
export type VisiteeKind = VisitInput['visitee']['kind'];

// ── parking ─────────────────────────────────────────────────────────────────────────────────────────────────
export type ParkingSite = Schemas['ParkingSite'];
export type ParkingWindow = Schemas['ParkingWindow'];
export type MyBooking = Schemas['MyBooking'];
export type SiteBooking = Schemas['SiteBooking'];
/** GET /api/v1/parking/nearby: a site with its distance and the next hour's forecast. */
export type NearbySite = Answer<'/api/v1/parking/nearby', 'get'>['items'][number];
/** GET /api/v1/parking/sites/{id}: a site with its windows. */
export type SiteWithWindows = Answer<'/api/v1/parking/sites/{id}', 'get'>;
export type ParkingSiteKind = ParkingSite['kind'];
export type ParkingAudience = ParkingWindow['audience'];
export type SiteImportReport = Answer<'/api/v1/parking/sites/import', 'post'>;
// ── 知识库 ──────────────────────────────────────────────────────────────────────────────────────────────────
export type ArticleHit = Schemas['KnowledgeArticleHit'];
export type Article = Schemas['KnowledgeArticle'];
export type ArticleRevision = Schemas['KnowledgeRevision'];
export type PendingRevision = Schemas['KnowledgePendingRevision'];
export type MarkdownBlock = Schemas['MarkdownBlock'];
export type MarkdownInline = Schemas['MarkdownInline'];
export type HighlightSegments = Schemas['HighlightSegments'];
export type PublicArticleHit = Schemas['PublicArticleHit'];
export type PublicArticle = Schemas['PublicArticle'];
export type ProposalInput = Body<'/api/v1/knowledge/articles', 'post'>;
// ── 答复模板, 回复审核 ───────────────────────────────────────────────────────────────────────────────────────────
export type ReplyTemplate = Schemas['ReplyTemplate'];
export type ReplyTemplateInput = Body<'/api/v1/reply-templates', 'post'>;
export type OfferedTemplate = Schemas['OfferedTemplate'];
export type ReplyReview = NonNullable<RequestItem['reply_review']>;
/** 差评复核: a department's dispute of the last follow-up, pending or decided. */
export type RatingDispute = NonNullable<RequestItem['rating_dispute']>;
export type DisputeDecision = Exclude<RatingDispute['state'], 'pending'>;
export type SendBackReason = NonNullable<ReplyReview['sent_back_reasons']>[number];
export type ReviewSettings = Schemas['ReplyReviewSettings'];
export type ReviewSettingsInput = Body<'/api/v1/reply-review/settings', 'put'>;

// ── 吹哨报到 ─────────────────────────────────────────────────────────────────────────────────────────────────────
export type CoHandler = Schemas['CoHandler'];

// ── 消息投递 ───────────────────────────────────────────────────────────────────────────────────────────────────
export type Delivery = Schemas['Delivery'];
export type DeadLetter = Schemas['DeadLetter'];
export type DeliveryTemplate = Schemas['DeliveryTemplate'];
export type DeliverySettings = Schemas['DeliverySettings'];
