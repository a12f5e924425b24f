import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/db/store.ts';
import { buildApp } from '../../src/http/app.ts';
import type { HttpConfig } from '../../src/http/context.ts';
import { DiskAttachmentStorage } from '../../src/storage/attachment-storage.ts';

export interface TestServer {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

const TEST_CONFIG: HttpConfig = {
  secureCookies: false,
  sessionHours: 12,
  production: false,
  signInRateLimitPerMinute: 1000,
};

/** The real app on a real loopback port, so tests speak HTTP as clients do. */
export async function startTestServer(
  store: Store,
  overrides: Partial<HttpConfig> = {},
  clock?: () => Date,
): Promise<TestServer> {
  const storageDir = await mkdtemp(join(tmpdir(), 'huying-attachments-'));
  const app = await buildApp({
    store,
    storage: new DiskAttachmentStorage(storageDir),
    config: { ...TEST_CONFIG, ...overrides },
    ...(clock ? { clock } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the test server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    close: async () => {
      await app.close();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back and assert on it
  body: any;
}

/** A client that keeps its session cookie, like a browser tab. */
export class TestClient {
  cookie: string | null = null;
  bearer: string | null = null;

  constructor(
    private readonly baseUrl: string,
    readonly language: string = 'zh-CN',
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'accept-language': this.language,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? null;
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: contentType.includes('json') && text ? JSON.parse(text) : text,
    };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }

  async signIn(username: string, password: string): Promise<Answer> {
    const answer = await this.post('/api/v1/session', { username, password });
    if (answer.status !== 200)
      throw new Error(`sign-in as ${username} failed: ${JSON.stringify(answer.body)}`);
    return answer;
  }
}

/**
 * Signs each person in once (per language) and hands back the same client afterwards, as a browser tab keeps its
 * session: `const as = signedInClients(() => server.url, TEST_PASSWORD)`.
 */
export function signedInClients(
  baseUrl: () => string,
  password: string,
): (username: string, language?: string) => Promise<TestClient> {
  const clients = new Map<string, TestClient>();
  return async (username, language = 'zh-CN') => {
    const key = `${username}|${language}`;
    const known = clients.get(key);
    if (known) return known;
    const client = new TestClient(baseUrl(), language);
    await client.signIn(username, password);
    clients.set(key, client);
    return client;
  };
}
