import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import type { Capability } from './api/models';
import { can, loadSession, session } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** What the server must let the user do to open the page (session.me.can); absent: anyone (public). */
    can?: Capability;
    /** An i18n key: the page's title, and its name in the staff's menu unless `menu` names it there. */
    title?: string;
    menu?: string;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/public' },
    { path: '/login', component: () => import('./views/LoginView.vue'), meta: { title: 'login.title' } },
    {
      path: '/m',
      component: () => import('./views/resident/ResidentLayout.vue'),
      children: [
        {
          path: '',
          component: () => import('./views/resident/ResidentHome.vue'),
          meta: { title: 'resident.home' },
        },
        {
          path: 'report',
          component: () => import('./views/resident/ResidentReport.vue'),
          meta: { title: 'resident.reportTitle' },
        },
        {
          path: 'parking',
          component: () => import('./views/resident/ResidentParking.vue'),
          meta: { title: 'parking.title' },
        },
        {
          path: 'faq',
          component: () => import('./views/resident/ResidentFaq.vue'),
          meta: { title: 'faq.title' },
        },
        {
          path: 'requests/:id',
          component: () => import('./views/resident/ResidentRequest.vue'),
          props: true,
          meta: { title: 'resident.timeline' },
        },
        {
          // The page a session's rotating QR code opens (?t= the code's token).
          path: 'checkin/:sessionId',
          component: () => import('./views/activities/ActivityCheckIn.vue'),
          props: (route) => ({
            sessionId: Number(route.params.sessionId),
            token: String(route.query.t ?? ''),
          }),
          meta: { title: 'activities.checkin.title' },
        },
      ],
    },
    {
      // 回访 by link: the page a resident's SMS links to (no login; the signed token is the key).
      path: '/f/:token',
      component: () => import('./views/resident/FollowupLink.vue'),
      props: true,
      meta: { title: 'delivery.followup.title' },
    },
    {
      // Area alerts: the page an alert's e-mail links to, confirming or cancelling it (no login).
      path: '/subscriptions/:action(confirm|unsubscribe)/:token',
      component: () => import('./views/public/SubscriptionLink.vue'),
      props: true,
      meta: { title: 'subscriptions.linkTitle' },
    },
    {
      path: '/visit',
      component: () => import('./views/visit/VisitView.vue'),
      meta: { can: 'visits', title: 'visit.title', menu: 'app.faces.visit' },
    },
    {
      // 打印工单: one A4 page, without the application's chrome.
      path: '/print/requests/:id',
      component: () => import('./views/print/RequestPrint.vue'),
      props: true,
      meta: { can: 'ledger', title: 'lifecycle.print.title' },
    },
    {
      path: '/',
      component: () => import('./components/StaffLayout.vue'),
      children: [
        {
          path: 'console',
          component: () => import('./views/console/ConsoleView.vue'),
          meta: { can: 'console', title: 'app.faces.console' },
        },
        {
          path: 'workbench',
          component: () => import('./views/workbench/WorkbenchView.vue'),
          meta: { can: 'workbench', title: 'app.faces.workbench' },
        },
        {
          path: 'dashboard',
          component: () => import('./views/dashboard/DashboardView.vue'),
          meta: { can: 'dashboard', title: 'app.faces.dashboard' },
        },
        {
          path: 'search',
          component: () => import('./views/search/SearchView.vue'),
          meta: { can: 'look_up_requests', title: 'console.search' },
        },
        {
          path: 'assessment',
          component: () => import('./views/assessment/AssessmentView.vue'),
          meta: { can: 'dashboard', title: 'assessment.title' },
        },
        {
          path: 'focus',
          component: () => import('./views/focus/FocusView.vue'),
          meta: { can: 'focus', title: 'focus.title' },
        },
        {
          path: 'knowledge',
          component: () => import('./views/knowledge/KnowledgeView.vue'),
          meta: { can: 'knowledge', title: 'knowledge.title' },
        },
        {
          path: 'reply-review',
          component: () => import('./views/review/ReplyReviewView.vue'),
          meta: { can: 'reply_review', title: 'replyReview.title' },
        },
        {
          path: 'ledger',
          component: () => import('./views/ledger/LedgerView.vue'),
          meta: { can: 'ledger', title: 'app.faces.ledger' },
        },
        {
          path: 'activities',
          component: () => import('./views/activities/ActivitiesView.vue'),
          meta: { can: 'activities', title: 'activities.title' },
        },
        {
          path: 'activities/sessions/:id',
          component: () => import('./views/activities/SessionDetail.vue'),
          props: (route) => ({ id: Number(route.params.id) }),
          meta: { can: 'activities', title: 'activities.detail.info' },
        },
        {
          path: 'admin',
          component: () => import('./views/admin/AdminView.vue'),
          meta: { can: 'admin', title: 'app.faces.admin' },
        },
        {
          path: 'parking',
          component: () => import('./views/parking/ParkingOperations.vue'),
          meta: { can: 'operate_parking', title: 'parking.staffTitle' },
        },
        {
          path: 'public',
          component: () => import('./views/public/PublicView.vue'),
          meta: { title: 'app.faces.public' },
        },
        {
          path: 'public/requests/:ticket',
          component: () => import('./views/public/PublicTicket.vue'),
          props: true,
          meta: { title: 'intake.ticket.title' },
        },
        {
          path: 'forbidden',
          component: () => import('./views/ResultView.vue'),
          props: { icon: 'warning', title: 'common.notAllowed' },
        },
        {
          path: ':rest(.*)*',
          component: () => import('./views/ResultView.vue'),
          props: { icon: 'info', title: 'common.notFound' },
        },
      ],
    },
  ],
});

router.beforeEach(async (to: RouteLocationNormalized) => {
  const needs = to.meta.can;
  // Public and resident pages render at once and follow the session when it arrives; staff pages need it first.
  if (!needs) {
    if (!session.loaded) void loadSession().catch(() => undefined);
    return true;
  }
  if (!session.loaded) {
    try {
      await loadSession();
    } catch {
      // Not known: treat as logged out; the login page shows the API's error if it persists.
    }
  }
  if (!session.me) return { path: '/login', query: { next: to.fullPath } };
  if (!can(needs)) return { path: '/forbidden' };
  return true;
});
