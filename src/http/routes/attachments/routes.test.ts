import { createHash, randomUUID } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, seedSmallDistrict, TEST_PASSWORD } from '../../../../test/support/factories.ts';
import { signedInClients, startTestServer, type TestServer } from '../../../../test/support/test-server.ts';
import { openTestStore, type TestStore } from '../../../../test/support/test-store.ts';
import { ATTACHMENT_LIMITS, MAX_ATTACHMENT_BYTES } from '../../../domain/attachments.ts';

let store: TestStore;
let server: TestServer;

const as = signedInClients(() => server.url, TEST_PASSWORD);

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A valid 2×2 RGB PNG made here from its chunks: red, green / blue, white. */
function pngBytes(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const scanlines = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 baseline JPEG (JFIF, SOF0, one Huffman-coded block). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5' +
    'PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
  'base64',
);
/** A 1×1 GIF: an image, but not a type Huying keeps. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

interface Upload {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back and assert on it
  body: any;
}

async function upload(
  username: string | null,
  bytes: Uint8Array,
  filename: string,
  declaredType: string,
  language = 'zh-CN',
): Promise<Upload> {
  const cookie = username ? (await as(username)).cookie : null;
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: declaredType }), filename);
  const response = await fetch(`${server.url}/api/v1/attachments`, {
    method: 'POST',
    headers: { 'accept-language': language, ...(cookie ? { cookie } : {}) },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}

async function uploadedPng(username: string): Promise<string> {
  const answer = await upload(username, pngBytes(), 'photo.png', 'image/png');
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id;
}

async function download(username: string, id: string) {
  const client = await as(username);
  return fetch(`${server.url}/api/v1/attachments/${id}`, { headers: { cookie: client.cookie ?? '' } });
}

async function attachmentCount(): Promise<number> {
  const row = await store.db
    .selectFrom('attachments')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Streams a multipart body of `total` file bytes that start with `head`, without holding them in memory. */
async function streamUpload(
  username: string,
  head: Buffer,
  total: number,
  filename: string,
  type: string,
): Promise<Upload> {
  const boundary = `huying-${randomUUID()}`;
  const opening = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${type}\r\n\r\n`,
  );
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
  const zeros = Buffer.alloc(1024 * 1024);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(opening);
      controller.enqueue(head);
      sent = head.length;
    },
    pull(controller) {
      if (sent >= total) {
        controller.enqueue(closing);
        controller.close();
        return;
      }
      const size = Math.min(zeros.length, total - sent);
      sent += size;
      controller.enqueue(zeros.subarray(0, size));
    },
  });
  const response = await fetch(`${server.url}/api/v1/attachments`, {
    method: 'POST',
    headers: {
      cookie: (await as(username)).cookie ?? '',
      'accept-language': 'en',
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  store = await openTestStore();
  await seedSmallDistrict(store.db);
  await createPerson(store.db, 'resident.zhou', 'resident', { areaCode: 'G11' });
  await createPerson(store.db, 'resident.g21', 'resident', { areaCode: 'G21' });
  await createPerson(store.db, 'staff.c1', 'community_staff', { areaCode: 'C1' });
  await createPerson(store.db, 'dispatcher.s1', 'street_dispatcher', { areaCode: 'S1' });
  await createPerson(store.db, 'dispatcher.s2', 'street_dispatcher', { areaCode: 'S2' });
  await createPerson(store.db, 'officer.s1law', 'department_officer', { departmentCode: 'S1-LAW' });
  server = await startTestServer(store);
});

afterAll(async () => {
  await server.close();
  await store.close();
});

describe('uploading', () => {
  it('a real PNG is kept as image/png with its size and SHA-256', async () => {
    const bytes = pngBytes();
    const answer = await upload('resident.zhou', bytes, 'street-lamp.png', 'image/png');
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      mediaType: 'image/png',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('the type is read from the bytes, not the name or the declared type: a JPEG sent as .png is image/jpeg', async () => {
    const answer = await upload('resident.zhou', JPEG, 'looks-like.png', 'image/png');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ mediaType: 'image/jpeg', sizeBytes: JPEG.length });
  });

  it('a text file renamed .jpg is refused with 400, naming what was found (nothing known)', async () => {
    const text = Buffer.from('这不是照片 / this is not a photo\n'.repeat(20));
    const before = await attachmentCount();
    const en = await upload('resident.zhou', text, 'photo.jpg', 'image/jpeg', 'en');
    expect(en.status).toBe(400);
    expect(en.body.detail).toBe(
      `The file's content is not an allowed type (${Object.keys(ATTACHMENT_LIMITS).join(', ')}); found: unknown.`,
    );
    const zh = await upload('resident.zhou', text, 'photo.jpg', 'image/jpeg');
    expect(zh.body.detail).toContain('检测到：未知');
    expect(await attachmentCount()).toBe(before);
  });

  it('a GIF renamed .jpg is refused with 400 naming image/gif', async () => {
    const answer = await upload('resident.zhou', GIF, 'photo.jpg', 'image/jpeg', 'en');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain('found: image/gif');
  });

  it('an empty file is refused with 400', async () => {
    const answer = await upload('resident.zhou', new Uint8Array(0), 'empty.png', 'image/png', 'en');
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe('The uploaded file is empty.');
  });

  it('a photo over its 15 MiB limit is refused with 413 and nothing is kept', async () => {
    const before = await attachmentCount();
    const limit = ATTACHMENT_LIMITS['image/png'] as number;
    const answer = await streamUpload('resident.zhou', pngBytes(), limit + 1, 'huge.png', 'image/png');
    expect(answer.status).toBe(413);
    expect(answer.body.detail).toContain(`${limit / 1024} KB`);
    expect(await attachmentCount()).toBe(before);
  });

  it('a photo exactly at its limit is kept', async () => {
    const limit = ATTACHMENT_LIMITS['image/png'] as number;
    const answer = await streamUpload('resident.zhou', pngBytes(), limit, 'at-limit.png', 'image/png');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ mediaType: 'image/png', sizeBytes: limit });
  });

  it('a video cut off at the stream limit is answered 413 and leaves nothing stored', async () => {
    const before = await attachmentCount();
    const mp4 = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
    const answer = await streamUpload(
      'resident.zhou',
      mp4,
      MAX_ATTACHMENT_BYTES + 5,
      'long.mp4',
      'video/mp4',
    );
    expect(answer.status).toBe(413);
    expect(await attachmentCount()).toBe(before);
  });

  it('a request that is not multipart is 400 saying how to upload; no sign-in is 401', async () => {
    const client = await as('resident.zhou', 'en');
    const json = await client.post('/api/v1/attachments', { file: 'aGVsbG8=' });
    expect(json.status).toBe(400);
    expect(json.body.detail).toBe('Upload one file as multipart/form-data (field name "file").');
    const anonymous = await upload(null, pngBytes(), 'photo.png', 'image/png');
    expect(anonymous.status).toBe(401);
  });
});

describe('downloading', () => {
  it('the uploader gets the very bytes back with the detected type, nosniff and private caching', async () => {
    const bytes = pngBytes();
    const answer = await upload('resident.zhou', bytes, 'lamp.png', 'image/png');
    const response = await download('resident.zhou', answer.body.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toContain('private');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('a stranger gets 404, exactly as for a file that does not exist', async () => {
    const id = await uploadedPng('resident.zhou');
    const missing = await download('resident.g21', randomUUID());
    expect(missing.status).toBe(404);
    const missingBody = (await missing.json()) as { detail: string };
    for (const username of ['resident.g21', 'dispatcher.s2', 'dispatcher.s1']) {
      const response = await download(username, id);
      expect(response.status, username).toBe(404);
      expect(((await response.json()) as { detail: string }).detail).toBe(missingBody.detail);
    }
  });

  it('whoever sees a report that uses a photo as evidence may download it; others still may not', async () => {
    const photo = await uploadedPng('resident.zhou');
    const report = await (await as('resident.zhou')).post(
      '/api/v1/events',
      {
        catalogueItemCode: '01037',
        description: '路灯倒了',
        location: { lng: 0.25, lat: 0.25 },
        attachmentIds: [photo],
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(report.status).toBe(201);
    expect((await download('dispatcher.s1', photo)).status).toBe(200);
    expect((await download('staff.c1', photo)).status).toBe(200);
    expect((await download('dispatcher.s2', photo)).status).toBe(404);
    expect((await download('resident.g21', photo)).status).toBe(404);
  });

  it('a unit’s evidence of its work is seen by the reporter who follows the case', async () => {
    const report = await (await as('resident.zhou')).post(
      '/api/v1/events',
      { catalogueItemCode: '01037', description: '路灯不亮', location: { lng: 0.25, lat: 0.25 } },
      { 'idempotency-key': randomUUID() },
    );
    const id = report.body.id;
    await (await as('staff.c1')).post(`/api/v1/events/${id}/escalate`, { reason: '需要街道' });
    await (await as('dispatcher.s1')).post(`/api/v1/events/${id}/dispatch`, { lead: 'S1-LAW' });
    await (await as('officer.s1law')).post(`/api/v1/events/${id}/accept`, {});
    const evidence = await uploadedPng('officer.s1law');
    expect((await download('resident.zhou', evidence)).status).toBe(404);
    const handled = await (await as('officer.s1law')).post(`/api/v1/events/${id}/handle`, {
      text: '已更换灯泡',
      attachmentIds: [evidence],
    });
    expect(handled.status).toBe(200);
    expect((await download('resident.zhou', evidence)).status).toBe(200);
  });

  it('an event lists every file filed with it, the report’s photos first, so its page can show them', async () => {
    const photo = await uploadedPng('resident.zhou');
    const report = await (await as('resident.zhou')).post(
      '/api/v1/events',
      {
        catalogueItemCode: '01037',
        description: '路灯杆锈蚀',
        location: { lng: 0.25, lat: 0.25 },
        attachmentIds: [photo],
      },
      { 'idempotency-key': randomUUID() },
    );
    const id = report.body.id;
    await (await as('staff.c1')).post(`/api/v1/events/${id}/escalate`, { reason: '需要街道' });
    await (await as('dispatcher.s1')).post(`/api/v1/events/${id}/dispatch`, { lead: 'S1-LAW' });
    await (await as('officer.s1law')).post(`/api/v1/events/${id}/accept`, {});
    const evidence = await uploadedPng('officer.s1law');
    await (await as('officer.s1law')).post(`/api/v1/events/${id}/handle`, {
      text: '已除锈刷漆',
      attachmentIds: [evidence],
    });
    const shown = await (await as('dispatcher.s1')).get(`/api/v1/events/${id}`);
    expect(shown.body.attachments.map((file: { id: string }) => file.id)).toEqual([photo, evidence]);
    expect(shown.body.attachments[0]).toMatchObject({ mediaType: 'image/png' });
    const unrelated = await (await as('dispatcher.s1')).post(
      '/api/v1/events',
      { catalogueItemCode: '01037', description: '无照片', location: { lng: 0.25, lat: 0.25 } },
      { 'idempotency-key': randomUUID() },
    );
    expect(
      (await (await as('dispatcher.s1')).get(`/api/v1/events/${unrelated.body.id}`)).body.attachments,
    ).toEqual([]);
  });

  it('a report may not use someone else’s upload', async () => {
    const theirs = await uploadedPng('resident.g21');
    const report = await (await as('resident.zhou', 'en')).post(
      '/api/v1/events',
      {
        catalogueItemCode: '01037',
        description: '借用别人的照片',
        location: { lng: 0.25, lat: 0.25 },
        attachmentIds: [theirs],
      },
      { 'idempotency-key': randomUUID() },
    );
    expect(report.status).toBe(400);
    expect(report.body.detail).toBe(`Only your own uploads can be attached: ${theirs}`);
    expect((await download('resident.zhou', theirs)).status).toBe(404);
  });
});
