import type { Notice } from '../../domain/notices.ts';
import { appendJsonLine, type Channel, targetFor } from './channel.ts';

/**
 * A short-message gateway (短信平台). No real gateway is wired here: each operator has its own API; an adapter
 * for one implements this interface and takes the log file's place.
 */
export interface SmsGateway {
  send(phone: string, text: string, reference: string): Promise<void>;
}

/** Development and tests: every message is a JSON line in a log file (`<data dir>/outbox/sms.log`). */
export class LogFileSmsGateway implements SmsGateway {
  constructor(
    readonly file: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(phone: string, text: string, reference: string): Promise<void> {
    await appendJsonLine(this.file, { at: this.clock().toISOString(), reference, phone, text });
  }
}

/** Long enough for the title and the start of the body; a gateway splits longer texts into several messages. */
export const SMS_MAX_CHARS = 200;

/** 【呼应】title：body, in Chinese, as short messages in the district read. */
export function smsText(notice: Notice): string {
  const full = `【呼应】${notice.title.zh}：${notice.body.zh.replaceAll('\n', ' ')}`;
  const chars = [...full];
  return chars.length <= SMS_MAX_CHARS ? full : `${chars.slice(0, SMS_MAX_CHARS - 1).join('')}…`;
}

export function createSmsChannel(gateway: SmsGateway): Channel {
  return {
    kind: 'sms',
    async send(target, notice, delivery) {
      const { phone } = targetFor('sms', target);
      await gateway.send(phone, smsText(notice), `huying-${delivery.id}`);
    },
  };
}
