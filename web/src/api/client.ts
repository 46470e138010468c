/**
 * The one way the web application talks to the API: openapi-fetch typed by the server's OpenAPI document
 * (`generated/openapi.ts`), with the session cookie. A call returns the answer's data; every error becomes an
 * ApiError whose words come from the API's stable error codes, in the current language (`errorText`).
 *
 *   const request = await api.GET('/api/v1/requests/{id}', { params: { path: { id } } });
 */
import createClient, {
  type ClientPathsWithMethod,
  type MaybeOptionalInit,
  type MethodResponse,
} from 'openapi-fetch';
import { i18n } from '../i18n';
import { issuesText, type FieldLabels, type Issue } from '../lib/validation';
import type { paths } from './generated/openapi';

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

/** Query values as the API reads them: empty ones left out, lists comma-separated. */
function querySerializer(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return q.toString();
}

const client = createClient<paths>({
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer,
});
type Client = typeof client;

type ErrorBody = { error?: { code?: string; message?: string; message_en?: string; details?: unknown } };

type Outcome<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/** The answer's data, or the ApiError it stands for; an abort passes through. */
async function unwrap<T>(call: Outcome<T>): Promise<T> {
  let answer: Awaited<typeof call>;
  try {
    answer = await call;
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '', '');
  }
  const { data, error, response } = answer;
  if (!response.ok) {
    const e = (error as ErrorBody | undefined)?.error;
    throw new ApiError(
      response.status,
      e?.code ?? `http_${response.status}`,
      e?.message ?? '',
      e?.message_en ?? '',
      e?.details,
    );
  }
  return data as T;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** The call's options (params, body, headers, signal …), required when the operation has required ones. */
type Init<T> = RequiredKeys<T> extends never ? [init?: T] : [init: T];

/** One HTTP method of the API: the path's answer, or an ApiError. */
type Call<M extends Method> = <
  Path extends ClientPathsWithMethod<Client, M>,
  Options extends MaybeOptionalInit<paths[Path], M>,
>(
  path: Path,
  ...init: Init<Options>
) => Promise<MethodResponse<Client, M, Path, Options>>;

/** openapi-fetch's own call, untyped: `Call` gives each method its types. */
const send = client.request as unknown as (method: Method, path: string, init?: object) => Outcome<unknown>;
const method = <M extends Method>(m: M) =>
  ((path: string, init?: object) => unwrap(send(m, path, init))) as Call<M>;

export const api = {
  GET: method('get'),
  POST: method('post'),
  PUT: method('put'),
  PATCH: method('patch'),
  DELETE: method('delete'),
};

/** The options that send a file (a photo) as the raw body of the request, with its own content type. */
export const rawBody = <F extends Blob>(file: F) => ({
  body: file,
  bodySerializer: (body: F) => body,
  headers: { 'content-type': file.type },
});

/** `invalid_phone` in words, named by its field: "来电号码：号码无效：手机号为 11 位…". */
export function phoneErrorText(err: unknown, label: string): string | null {
  if (!(err instanceof ApiError) || err.code !== 'invalid_phone') return null;
  const problem = (err.details as { issues?: (Issue & { problem?: string })[] } | undefined)?.issues?.[0]
    ?.problem;
  return `${label}：${i18n.global.t(`intake.phoneProblem.${problem ?? 'number'}`)}`;
}

/**
 * An error in words, in the current language: the API's code first, then its own message, then details. A
 * validation error's issues become sentences naming the fields (`labels`: the form's own names for them).
 */
export function errorText(err: unknown, labels?: FieldLabels): string {
  const { t, te, locale } = i18n.global;
  if (!(err instanceof ApiError))
    return t('errors.unknown', { reason: String((err as Error)?.message ?? err) });
  const key = `errors.${err.code}`;
  const zh = locale.value === 'zh-CN';
  let text = te(key) ? t(key) : (zh ? err.messageZh : err.messageEn) || err.messageZh || err.code;
  const details = err.details as { issues?: Issue[]; reason?: string } | undefined;
  const [open, sep, close] = zh ? ['（', '；', '）'] : [' (', '; ', ')'];
  const issues = details?.issues ?? [];
  const inWords = issues.filter((i) => i.code || i.message_zh);
  if (err.code === 'invalid_phone') {
    const problem = (issues[0] as (Issue & { problem?: string }) | undefined)?.problem ?? 'number';
    text += open + i18n.global.t(`intake.phoneProblem.${problem}`) + close;
  } else if (issues.length && inWords.length === issues.length) return issuesText(issues, labels);
  else if (issues.length) {
    text +=
      open + issues.map((i) => [i.path, i.message].filter(Boolean).join(': ')).join(sep) + close;
  } else if (details?.reason && typeof details.reason === 'string' && err.code !== 'internal_error') {
    text += open + details.reason + close;
  }
  return text;
}
