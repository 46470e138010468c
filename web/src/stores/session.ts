/** Who is logged in and the deployment's configuration, from GET /api/v1/public/config (no 401 when anonymous). */
import { reactive } from 'vue';
import { api } from '../api/client';
import type { Me, PublicConfig, Role } from '../api/types';

export const session = reactive<{ config: PublicConfig | null; me: Me | null; loaded: boolean }>({
  config: null,
  me: null,
  loaded: false,
});

let loading: Promise<void> | null = null;

export function loadSession(force = false): Promise<void> {
  if (loading && !force) return loading;
  loading = api.get<PublicConfig>('/api/v1/public/config').then((c) => {
    session.config = c;
    session.me = c.me;
    session.loaded = true;
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

export async function staffLogin(username: string, password: string) {
  await api.post('/api/v1/auth/login', { username, password });
  await loadSession(true);
}

export async function sendOtp(phone: string) {
  await api.post('/api/v1/auth/otp', { phone });
}

export async function verifyOtp(phone: string, code: string) {
  await api.post('/api/v1/auth/otp/verify', { phone, code });
  await loadSession(true);
}

export async function logout() {
  await api.post('/api/v1/auth/logout');
  await loadSession(true);
}

export const hasRole = (...roles: Role[]) => !!session.me && roles.includes(session.me.role as Role);

/** Where each role works. */
export function homeOf(role: string | undefined): string {
  switch (role) {
    case 'operator':
    case 'dispatcher':
      return '/console';
    case 'field_worker':
      return '/visit';
    case 'handler':
    case 'department_head':
      return '/workbench';
    case 'supervisor':
      return '/dashboard';
    case 'admin':
      return '/admin';
    case 'resident':
      return '/m';
    default:
      return '/public';
  }
}
