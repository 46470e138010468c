/**
 * The one way the web application talks to the API: JSON over fetch with the session cookie, and every error
 * turned into an ApiError whose words come from the API's stable error codes, in the current language.
 */
import { i18n } from '../i18n';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly details?: unknown,
  ) {
    super(messageEn || code);
  }
}

type Json = Record<string, unknown> | unknown[];

export type RequestOptions = {
  headers?: Record<string, string>;
  /** A raw body (a photo) instead of JSON. */
  raw?: Blob;
  signal?: AbortSignal;
};

function query(params?: Record<string, unknown>): string {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(
  method: string,
  url: string,
  body?: Json,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let payload: BodyInit | undefined;
  if (opts.raw) {
    payload = opts.raw;
    headers['content-type'] = opts.raw.type;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '', '');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (
      data as { error?: { code?: string; message?: string; message_en?: string; details?: unknown } }
    )?.error;
    throw new ApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? '',
      e?.message_en ?? '',
      e?.details,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(url: string, params?: Record<string, unknown>, opts?: RequestOptions) =>
    request<T>('GET', url + query(params), undefined, opts),
  post: <T>(url: string, body?: Json, opts?: RequestOptions) => request<T>('POST', url, body ?? {}, opts),
  put: <T>(url: string, body: Json) => request<T>('PUT', url, body),
  patch: <T>(url: string, body: Json) => request<T>('PATCH', url, body),
  del: <T>(url: string) => request<T>('DELETE', url),
  upload: <T>(url: string, file: Blob) => request<T>('POST', url, undefined, { raw: file }),
};

type Issue = { path?: string; message?: string };

/** An error in words, in the current language: the API's code first, then its own message, then details. */
export function errorText(err: unknown): string {
  const { t, te, locale } = i18n.global;
  if (!(err instanceof ApiError))
    return t('errors.unknown', { reason: String((err as Error)?.message ?? err) });
  const key = `errors.${err.code}`;
  const zh = locale.value === 'zh-CN';
  let text = te(key) ? t(key) : (zh ? err.messageZh : err.messageEn) || err.messageZh || err.code;
  const details = err.details as { issues?: Issue[]; reason?: string } | undefined;
  const [open, sep, close] = zh ? ['（', '；', '）'] : [' (', '; ', ')'];
  if (details?.issues?.length) {
    text +=
      open + details.issues.map((i) => [i.path, i.message].filter(Boolean).join(': ')).join(sep) + close;
  } else if (details?.reason && typeof details.reason === 'string' && err.code !== 'internal_error') {
    text += open + details.reason + close;
  }
  return text;
}
