import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import type { Role } from './api/types';
import { homeOf, loadSession, session } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the page; absent: anyone (public). */
    roles?: Role[];
    title?: string;
  }
}

const STAFF_METRICS: Role[] = ['supervisor', 'admin', 'dispatcher', 'operator', 'department_head'];
const STAFF: Role[] = [
  'operator',
  'dispatcher',
  'handler',
  'department_head',
  'supervisor',
  'admin',
  'field_worker',
];

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
          path: 'requests/:id',
          component: () => import('./views/resident/ResidentRequest.vue'),
          props: true,
          meta: { title: 'resident.timeline' },
        },
      ],
    },
    {
      path: '/visit',
      component: () => import('./views/visit/VisitView.vue'),
      meta: { roles: STAFF, title: 'visit.title' },
    },
    {
      path: '/',
      component: () => import('./components/StaffLayout.vue'),
      children: [
        {
          path: 'console',
          component: () => import('./views/console/ConsoleView.vue'),
          meta: { roles: ['operator', 'dispatcher', 'field_worker'], title: 'app.faces.console' },
        },
        {
          path: 'workbench',
          component: () => import('./views/workbench/WorkbenchView.vue'),
          meta: { roles: ['handler', 'department_head'], title: 'app.faces.workbench' },
        },
        {
          path: 'dashboard',
          component: () => import('./views/dashboard/DashboardView.vue'),
          meta: { roles: STAFF_METRICS, title: 'app.faces.dashboard' },
        },
        {
          path: 'ledger',
          component: () => import('./views/ledger/LedgerView.vue'),
          meta: { roles: STAFF, title: 'app.faces.ledger' },
        },
        {
          path: 'admin',
          component: () => import('./views/admin/AdminView.vue'),
          meta: { roles: ['admin'], title: 'app.faces.admin' },
        },
        {
          path: 'public',
          component: () => import('./views/public/PublicView.vue'),
          meta: { title: 'app.faces.public' },
        },
        {
          path: 'forbidden',
          component: () => import('./views/ForbiddenView.vue'),
        },
        { path: ':rest(.*)*', component: () => import('./views/NotFoundView.vue') },
      ],
    },
  ],
});

router.beforeEach(async (to: RouteLocationNormalized) => {
  const roles = to.meta.roles;
  // Public and resident pages render at once and follow the session when it arrives; staff pages need it first.
  if (!roles) {
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
  if (!roles.includes(session.me.role as Role))
    return { path: '/forbidden', query: { home: homeOf(session.me.role) } };
  return true;
});
