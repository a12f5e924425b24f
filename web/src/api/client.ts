import { currentLocale } from '../i18n/index.ts';
import type { Problem } from './types.ts';

/** A refusal from the server, carrying its problem+json body in the reader's language. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
  }
}

/** The network did not answer at all (offline, server down): the caller may keep the request for later. */
export class NetworkError extends Error {}

export type Query = Record<
  string,
  string | number | boolean | readonly (string | number)[] | undefined | null
>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: HeadersInit = {},
): Promise<T> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { 'accept-language': currentLocale(), ...headers },
  };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined as T;
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  const payload = isJson ? await response.json() : await response.text();
  if (!response.ok) {
    const problem: Problem = isJson
      ? (payload as Problem)
      : { title: response.statusText, status: response.status, detail: String(payload).slice(0, 200) };
    if (response.status === 401) window.dispatchEvent(new CustomEvent('huying:signed-out'));
    throw new ApiError(response.status, problem);
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown, headers?: HeadersInit) =>
    request<T>('POST', path, body ?? {}, headers),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** The message to show a person for any failure of a call. */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.problem.errors?.map((one) => one.message).join('；');
    return fields ? `${error.message}（${fields}）` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Uploads one photo or document; answers the attachment's id for a report or a command. */
export async function uploadAttachment(file: Blob, name = 'photo.jpg'): Promise<string> {
  const form = new FormData();
  form.append('file', file, name);
  const saved = await request<{ id: string }>('POST', '/api/v1/attachments', form);
  return saved.id;
}

/** Uploads several files side by side, each under its own name; answers their ids in the same order. */
export function uploadAttachments(files: readonly File[]): Promise<string[]> {
  return Promise.all(files.map((file) => uploadAttachment(file, file.name)));
}
