/**
 * Who is logged in and what they may do, and the deployment's configuration: GET /api/v1/public/config (no 401
 * when anonymous), then GET /api/v1/auth/me when somebody is logged in, for their capabilities.
 */
import { computed, reactive } from 'vue';
import { api } from '../api/client';
import type { Capability, Me, PublicConfig } from '../api/models';

export const session = reactive<{ config: PublicConfig | null; me: Me | null; loaded: boolean }>({
  config: null,
  me: null,
  loaded: false,
});

let loading: Promise<void> | null = null;

export function loadSession(force = false): Promise<void> {
  if (loading && !force) return loading;
  loading = (async () => {
    const config = await api.GET('/api/v1/public/config');
    session.config = config;
    const me = config.me ? await api.GET('/api/v1/auth/me') : null;
    session.me = me?.kind === 'user' ? me : null;
    session.loaded = true;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

export async function staffLogin(username: string, password: string) {
  await api.POST('/api/v1/auth/login', { body: { username, password } });
  await loadSession(true);
}

export async function sendOtp(phone: string) {
  await api.POST('/api/v1/auth/otp', { body: { phone } });
}

export async function verifyOtp(phone: string, code: string) {
  await api.POST('/api/v1/auth/otp/verify', { body: { phone, code } });
  await loadSession(true);
}

export async function logout() {
  await api.POST('/api/v1/auth/logout');
  await loadSession(true);
}

/** A resident (logged in by phone) is using the resident pages. */
export const isResident = computed(() => session.me?.role === 'resident');

/** Whether the server lets the logged-in user open that page or use that button. */
export const can = (capability: Capability) => !!session.me?.can[capability];

/**
 * The face each user starts on: the first of these they may open. Field workers may register calls at the
 * console, but their work is the visit form on a phone: the console is home to the hotline desk, who also read
 * the figures.
 */
const HOMES: [Capability[], string][] = [
  [['admin'], '/admin'],
  [['workbench'], '/workbench'],
  [['console', 'dashboard'], '/console'],
  [['dashboard'], '/dashboard'],
  [['visits'], '/visit'],
];

export function homeOf(me: Me | null): string {
  if (!me) return '/public';
  if (isResident.value) return '/m';
  return HOMES.find(([needs]) => needs.every((c) => me.can[c]))?.[1] ?? '/public';
}
