import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../domain/notices.ts';
import { PermanentDeliveryError } from './channel.ts';
import { createSmsChannel, LogFileSmsGateway, SMS_MAX_CHARS, type SmsGateway, smsText } from './sms.ts';

const NOTICE: Notice = {
  kind: 'todo',
  eventId: '00000000-0000-4000-8000-000000000001',
  eventAreaPath: 'D/S1/C1/G11',
  audience: { kind: 'user', userId: 1 },
  title: { zh: '新派遣事件待接单', en: 'A case was dispatched to your unit' },
  body: { zh: '请在时限内接单并处置。\n事件：路灯不亮', en: 'Accept it.\nEvent: lamp out' },
};
const DELIVERY = { id: 7, createdAt: new Date('2025-03-03T01:00:00.000Z') };

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'huying-sms-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SMS', () => {
  it('the development gateway writes each message as a JSON line', async () => {
    const file = join(dir, 'outbox', 'sms.log');
    const channel = createSmsChannel(new LogFileSmsGateway(file, () => DELIVERY.createdAt));
    await channel.send({ kind: 'sms', userId: 1, phone: '13800000000' }, NOTICE, DELIVERY);
    const [line] = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text));
    expect(line).toEqual({
      at: '2025-03-03T01:00:00.000Z',
      reference: 'huying-7',
      phone: '13800000000',
      text: '【呼应】新派遣事件待接单：请在时限内接单并处置。 事件：路灯不亮',
    });
  });

  it('any gateway fits the adapter; a failure of the gateway is a failure of the delivery', async () => {
    const gateway: SmsGateway = {
      send: async () => {
        throw new Error('gateway busy');
      },
    };
    const channel = createSmsChannel(gateway);
    await expect(channel.send({ kind: 'sms', userId: 1, phone: '1' }, NOTICE, DELIVERY)).rejects.toThrow(
      'gateway busy',
    );
    await expect(
      channel.send({ kind: 'email', userId: 1, address: 'a@b.cn' }, NOTICE, DELIVERY),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('a long notice is cut to one short text', () => {
    const text = smsText({ ...NOTICE, body: { zh: '井'.repeat(1000), en: '' } });
    expect([...text]).toHaveLength(SMS_MAX_CHARS);
    expect(text.endsWith('…')).toBe(true);
  });
});
