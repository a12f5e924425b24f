import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from './browser.ts';

/**
 * A small PNG made here so that the tests need no image files: a street scene with a broken manhole cover
 * (sky, asphalt, the cover with its grating and a crack), so that screenshots show a plausible photo.
 */
export function streetPhotoPng(width = 240, height = 180): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(typed));
    return Buffer.concat([length, typed, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const pixel = (x: number, y: number): [number, number, number] => {
    if (y < height * 0.3) return [150 + (y * 60) / height, 190 + (y * 40) / height, 235];
    const grain = ((x * 7919 + y * 104_729) % 23) - 11;
    const cx = (x - width * 0.5) / (width * 0.24);
    const cy = (y - height * 0.68) / (height * 0.15);
    const r = Math.hypot(cx, cy);
    if (r < 0.82) return (Math.floor(x / 6) + Math.floor(y / 6)) % 2 ? [52, 54, 58] : [78, 80, 84];
    if (r < 1) return [36, 36, 40];
    if (Math.abs(y - height * 0.68 - (x - width * 0.74) * 0.6) < 1.5 && x > width * 0.72) return [30, 30, 30];
    return [104 + grain, 104 + grain, 110 + grain];
  };
  const rows = Array.from({ length: height }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: width }, (_, x) => pixel(x, y).map(Math.round)).flat()]),
  );
  const pixels = Buffer.concat(rows);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Calls the API of `baseUrl` as one account, signed in on first use; answers the status and the JSON. */
export function apiClient(baseUrl: string, username: string, password = DEMO_PASSWORD) {
  let cookie: string | undefined;
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    if (cookie === undefined) {
      const signedIn = await fetch(`${baseUrl}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      if (signedIn.status !== 200) throw new Error(`${username} could not sign in: ${signedIn.status}`);
      cookie = signedIn.headers
        .getSetCookie()
        .map((one) => one.split(';')[0])
        .join('; ');
    }
    const json = body !== undefined && !(body instanceof FormData);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, ...(json ? { 'content-type': 'application/json' } : {}), ...headers },
      body: json ? JSON.stringify(body) : (body as FormData | undefined),
    });
    const type = response.headers.get('content-type') ?? '';
    // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever shape each endpoint answers
    const answer: any = type.includes('json') ? await response.json() : null;
    return { status: response.status, json: answer };
  }
  return {
    call,
    async get(path: string) {
      const answer = await call('GET', path);
      if (answer.status !== 200)
        throw new Error(`GET ${path} → ${answer.status}: ${JSON.stringify(answer.json)}`);
      return answer.json;
    },
    async post(path: string, body: unknown, headers?: Record<string, string>) {
      const answer = await call('POST', path, body, headers);
      if (answer.status >= 300)
        throw new Error(`POST ${path} → ${answer.status}: ${JSON.stringify(answer.json)}`);
      return answer.json;
    },
    /** Uploads a photo as this person; answers its attachment id. */
    async upload(photo: Buffer, name = 'photo.png'): Promise<string> {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/png' }), name);
      return (await this.post('/api/v1/attachments', form)).id;
    },
  };
}

/** The middle of an area's bounding box: a point inside a rectangular demo grid. */
export async function middleOfArea(client: ReturnType<typeof apiClient>, code: string) {
  const area = await client.get(`/api/v1/areas/${code}`);
  const [minLng, minLat, maxLng, maxLat] = area.bbox as number[];
  return { longitude: (minLng! + maxLng!) / 2, latitude: (minLat! + maxLat!) / 2 };
}

/** Fills the phone report form as a person does: photo, an item found by search, the words. */
export async function composeReport(page: Page, item: { search: string; pick: RegExp }, description: string) {
  await page
    .getByLabel(/^现场照片/)
    .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: streetPhotoPng() });
  await page.getByRole('img', { name: '现场照片预览' }).waitFor();
  await page.getByLabel('事项', { exact: true }).fill(item.search);
  await page.getByRole('button', { name: item.pick }).first().click();
  await page.getByLabel('问题描述').fill(description);
}
