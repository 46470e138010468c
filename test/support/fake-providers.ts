/**
 * Local stand-ins for the providers delivery talks to, started by the tests (no network outside the machine):
 * an SMTP server (smtp-server), and HTTP endpoints that check the SMS providers' real requests — Aliyun's
 * RPC-style SendSms signed ACS3-HMAC-SHA256, Tencent Cloud's SendSms JSON POST signed TC3-HMAC-SHA256 — and
 * answer as the providers do. Each keeps what it received, and may be told to fail the next requests.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type SentSms = {
  provider: 'aliyun' | 'tencent';
  phone: string;
  signName: string;
  template: string;
  /** Aliyun: TemplateParam's JSON object; Tencent: TemplateParamSet. */
  params: Record<string, string> | string[];
  /** Aliyun OutId, Tencent SessionContext. */
  key: string;
};

export type Sink<T> = {
  url: string;
  received: T[];
  /** Requests refused for a bad shape or signature (each a reason); a test expects none. */
  refused: string[];
  /** The next `n` well-formed requests are answered with the provider's throttling error. */
  failNext(n: number): void;
  close(): Promise<void>;
};

const sha256 = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => crypto.createHmac('sha256', key).update(s).digest();

async function listen(
  handle: (req: http.IncomingMessage, body: string) => { status: number; json: unknown },
): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { status, json } = handle(req, Buffer.concat(chunks).toString('utf8'));
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const closeServer = (server: http.Server) =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

/** RFC 3986 encoding as Aliyun's canonical query string wants it. */
const percent = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Aliyun dysmsapi: POST /?Action… with the parameters in the query, signed ACS3-HMAC-SHA256. */
export async function fakeAliyun(opts: {
  accessKeyId: string;
  accessKeySecret: string;
}): Promise<Sink<SentSms>> {
  const received: SentSms[] = [];
  const refused: string[] = [];
  let failing = 0;
  const { server, url } = await listen((req, body) => {
    const u = new URL(req.url!, 'http://x');
    const h = req.headers;
    const q = Object.fromEntries(u.searchParams);
    const refuse = (reason: string) => {
      refused.push(reason);
      return { status: 400, json: { Code: 'InvalidParameter', Message: reason, RequestId: 'fake' } };
    };
    if (req.method !== 'POST' || u.pathname !== '/') return refuse(`${req.method} ${u.pathname}`);
    if (h['x-acs-action'] !== 'SendSms' || h['x-acs-version'] !== '2017-05-25')
      return refuse(`action ${String(h['x-acs-action'])} ${String(h['x-acs-version'])}`);
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      String(h.authorization ?? ''),
    );
    if (!auth || auth[1] !== opts.accessKeyId) return refuse('authorization');
    if (h['x-acs-content-sha256'] !== sha256(body)) return refuse('content hash');
    const canonicalQuery = [...u.searchParams]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${percent(k)}=${percent(v)}`)
      .join('&');
    const signed = auth[2]!.split(';');
    const canonicalHeaders = signed.map((name) => `${name}:${String(h[name] ?? '').trim()}\n`).join('');
    const canonical = [
      'POST',
      '/',
      canonicalQuery,
      canonicalHeaders,
      auth[2],
      h['x-acs-content-sha256'],
    ].join('\n');
    const expected = hmac(opts.accessKeySecret, `ACS3-HMAC-SHA256\n${sha256(canonical)}`).toString('hex');
    if (expected !== auth[3]) return refuse('signature');
    for (const k of ['PhoneNumbers', 'SignName', 'TemplateCode', 'TemplateParam', 'OutId'])
      if (!q[k]) return refuse(`missing ${k}`);
    let params: Record<string, string>;
    try {
      params = JSON.parse(q.TemplateParam!) as Record<string, string>;
    } catch {
      return refuse('TemplateParam is not JSON');
    }
    if (failing > 0) {
      failing--;
      return {
        status: 200,
        json: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发号码天级流控', RequestId: 'fake' },
      };
    }
    received.push({
      provider: 'aliyun',
      phone: q.PhoneNumbers!,
      signName: q.SignName!,
      template: q.TemplateCode!,
      params,
      key: q.OutId!,
    });
    return {
      status: 200,
      json: {
        Code: 'OK',
        Message: 'OK',
        BizId: `biz-${received.length}`,
        RequestId: `req-${received.length}`,
      },
    };
  });
  return { url, received, refused, failNext: (n) => (failing = n), close: () => closeServer(server) };
}

/** Tencent Cloud SMS: a JSON POST to / with X-TC-Action: SendSms, signed TC3-HMAC-SHA256. */
export async function fakeTencent(opts: { secretId: string; secretKey: string }): Promise<Sink<SentSms>> {
  const received: SentSms[] = [];
  const refused: string[] = [];
  let failing = 0;
  const { server, url } = await listen((req, body) => {
    const h = req.headers;
    const refuse = (reason: string) => {
      refused.push(reason);
      return {
        status: 200,
        json: {
          Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: reason }, RequestId: 'fake' },
        },
      };
    };
    if (req.method !== 'POST' || req.url !== '/') return refuse(`${req.method} ${req.url}`);
    if (h['x-tc-action'] !== 'SendSms' || h['x-tc-version'] !== '2021-01-11')
      return refuse(`action ${String(h['x-tc-action'])} ${String(h['x-tc-version'])}`);
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
        String(h.authorization ?? ''),
      );
    if (!auth || auth[1] !== opts.secretId) return refuse('authorization');
    const [, , date, service, signature] = auth;
    const timestamp = String(h['x-tc-timestamp']);
    const host = String(h.host).replace(/:\d+$/, '');
    const canonical = [
      'POST',
      '/',
      '',
      `content-type:${String(h['content-type'])}\nhost:${host}\n`,
      'content-type;host',
      sha256(body),
    ].join('\n');
    const toSign = ['TC3-HMAC-SHA256', timestamp, `${date}/${service}/tc3_request`, sha256(canonical)].join(
      '\n',
    );
    const key = hmac(hmac(hmac(`TC3${opts.secretKey}`, date!), service!), 'tc3_request');
    if (hmac(key, toSign).toString('hex') !== signature) return refuse('signature');
    let req2: Record<string, unknown>;
    try {
      req2 = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return refuse('body is not JSON');
    }
    const phones = req2.PhoneNumberSet as string[] | undefined;
    for (const k of [
      'PhoneNumberSet',
      'SmsSdkAppId',
      'SignName',
      'TemplateId',
      'TemplateParamSet',
      'SessionContext',
    ])
      if (req2[k] === undefined) return refuse(`missing ${k}`);
    if (failing > 0) {
      failing--;
      return {
        status: 200,
        json: {
          Response: {
            SendStatusSet: [
              {
                SerialNo: '',
                PhoneNumber: phones![0],
                Fee: 0,
                SessionContext: req2.SessionContext,
                Code: 'LimitExceeded.PhoneNumberDailyLimit',
                Message: 'daily limit',
                IsoCode: 'CN',
              },
            ],
            RequestId: 'fake',
          },
        },
      };
    }
    received.push({
      provider: 'tencent',
      phone: phones![0]!,
      signName: String(req2.SignName),
      template: String(req2.TemplateId),
      params: req2.TemplateParamSet as string[],
      key: String(req2.SessionContext),
    });
    return {
      status: 200,
      json: {
        Response: {
          SendStatusSet: phones!.map((p) => ({
            SerialNo: `serial-${received.length}`,
            PhoneNumber: p,
            Fee: 1,
            SessionContext: req2.SessionContext,
            Code: 'Ok',
            Message: 'send success',
            IsoCode: 'CN',
          })),
          RequestId: `req-${received.length}`,
        },
      },
    };
  });
  return { url, received, refused, failNext: (n) => (failing = n), close: () => closeServer(server) };
}

export type SentMail = { messageId: string; to: string[]; subject: string; text: string };

/** The text of a single-part message as nodemailer writes it (quoted-printable or base64), decoded. */
function decodeBody(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  const text =
    encoding === 'base64'
      ? Buffer.from(body, 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  const subjectRaw = /^Subject:\s*(.*)$/im.exec(head)?.[1] ?? '';
  const subject = subjectRaw.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, kind: string, data: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
  return { subject, text: text.trim() };
}

/**
 * A real SMTP server on a free port that keeps every message (its Message-ID, recipients, decoded text), or only
 * how many times each Message-ID came (`ids`), or only how many messages came (`count`: a long bench).
 */
export async function fakeSmtp(
  opts: { keep?: 'all' | 'ids' | 'count' } = {},
): Promise<Sink<SentMail> & { count: () => number; messageIds: Map<string, number> }> {
  const received: SentMail[] = [];
  const messageIds = new Map<string, number>();
  let failing = 0;
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failing > 0) {
          failing--;
          const err = new Error('451 try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
        count++;
        if (opts.keep !== 'count') messageIds.set(messageId, (messageIds.get(messageId) ?? 0) + 1);
        if ((opts.keep ?? 'all') === 'all')
          received.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address), ...decodeBody(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused: [],
    messageIds,
    count: () => count,
    failNext: (n) => (failing = n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
