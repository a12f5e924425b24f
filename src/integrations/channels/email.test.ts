import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../domain/notices.ts';
import { PermanentDeliveryError } from './channel.ts';
import { composeEmail, createEmailChannel } from './email.ts';

const NOTICE: Notice = {
  kind: 'overdue',
  eventId: '00000000-0000-4000-8000-000000000001',
  eventAreaPath: 'D/S1/C1/G11',
  audience: { kind: 'user', userId: 1 },
  title: { zh: '处置已超时', en: 'The handling is overdue' },
  body: {
    zh: '处置时限 2025-03-04 09:00 已过。\n事件：路灯不亮',
    en: 'Due at 2025-03-04 09:00.\nEvent: lamp out',
  },
};
const DELIVERY = { id: 42, createdAt: new Date('2025-03-03T01:00:00.000Z') };

let dir: string;

/**
 * Just enough of an SMTP server (RFC 5321) to take messages: no TLS, no authentication. It keeps what it was
 * sent, so the test sees what nodemailer put on the wire.
 */
function smtpReceiver(): { server: Server; messages: { from: string; to: string[]; data: string }[] } {
  const messages: { from: string; to: string[]; data: string }[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    socket.setEncoding('utf8');
    socket.write('220 localhost test SMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd < 0) return;
        const line = buffer.slice(0, lineEnd);
        buffer = buffer.slice(lineEnd + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 localhost\r\n');
        else if (verb === 'MAIL') {
          current.from = line;
          socket.write('250 2.1.0 ok\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 ok\r\n');
      }
    });
  });
  return { server, messages };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'huying-email-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('e-mail', () => {
  it('without an SMTP server, each message is a JSON line in the log file', async () => {
    const logFile = join(dir, 'outbox', 'email.log');
    const channel = createEmailChannel({ smtpUrl: null, from: 'huying@example.cn', logFile });
    await channel.send({ kind: 'email', userId: 1, address: 'zhou@example.cn' }, NOTICE, DELIVERY);
    await channel.send({ kind: 'email', userId: 2, address: 'dai@example.cn' }, NOTICE, {
      ...DELIVERY,
      id: 43,
    });
    const lines = (await readFile(logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      from: 'huying@example.cn',
      to: 'zhou@example.cn',
      subject: '【呼应】处置已超时',
      headers: { 'X-Huying-Delivery': '42', 'X-Huying-Event': NOTICE.eventId },
    });
    expect(lines[0].text).toContain('处置时限 2025-03-04 09:00 已过');
    expect(lines[0].text).toContain('The handling is overdue');
    expect(lines[1].to).toBe('dai@example.cn');
    channel.close();
  });

  it('with SMTP_URL, the message goes to the SMTP server', async () => {
    const { server, messages } = smtpReceiver();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const channel = createEmailChannel({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'huying@example.cn',
      logFile: join(dir, 'unused.log'),
    });
    try {
      await channel.send({ kind: 'email', userId: 1, address: 'zhou@example.cn' }, NOTICE, DELIVERY);
    } finally {
      channel.close();
      server.close();
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]?.from).toContain('<huying@example.cn>');
    expect(messages[0]?.to).toEqual([expect.stringContaining('<zhou@example.cn>')]);
    expect(messages[0]?.data).toContain('X-Huying-Delivery: 42');
    expect(messages[0]?.data).toMatch(/Subject: =\?UTF-8\?/);
  });

  it('refuses a target that is not an address, for good', async () => {
    const channel = createEmailChannel({ smtpUrl: null, from: 'x@example.cn', logFile: join(dir, 'x.log') });
    await expect(
      channel.send({ kind: 'webhook', subscriptionId: 1 }, NOTICE, DELIVERY),
    ).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('reads Chinese first, then English', () => {
    const { subject, text } = composeEmail(NOTICE);
    expect(subject).toBe('【呼应】处置已超时');
    expect(text.indexOf('处置已超时')).toBeLessThan(text.indexOf('The handling is overdue'));
  });
});
