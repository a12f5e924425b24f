import type { SendMailOptions, Transport } from 'nodemailer';
import type { Notice } from '../../domain/notices.ts';
import { appendJsonLine, type Channel, targetFor } from './channel.ts';

export interface EmailSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; null writes every message to `logFile` instead. */
  smtpUrl: string | null;
  from: string;
  logFile: string;
}

export const DEFAULT_MAIL_FROM = '呼应 Huying <no-reply@huying.invalid>';

/** A nodemailer transport that appends each message as a JSON line to a file: for development and tests. */
export function logFileTransport(file: string, clock: () => Date = () => new Date()): Transport<unknown> {
  return {
    name: 'huying-log-file',
    version: '1',
    send(mail, callback) {
      const { from, to, subject, text, headers } = mail.data;
      const messageId = mail.message.messageId();
      appendJsonLine(file, { at: clock().toISOString(), messageId, from, to, subject, text, headers }).then(
        () => callback(null, { messageId, envelope: mail.message.getEnvelope() }),
        (error: Error) => callback(error, undefined),
      );
    },
  };
}

/** The subject and text of a notice: Chinese first, then English. */
export function composeEmail(notice: Notice): { subject: string; text: string } {
  return {
    subject: `【呼应】${notice.title.zh}`,
    text: `${notice.title.zh}\n\n${notice.body.zh}\n\n——\n${notice.title.en}\n\n${notice.body.en}\n`,
  };
}

/**
 * E-mail through SMTP (nodemailer) when a server is configured, otherwise into `<data dir>/outbox/email.log`.
 * nodemailer is loaded with the first message, not with the app: most starts send none.
 */
export function createEmailChannel(settings: EmailSettings): Channel & { close(): void } {
  type Sender = { sendMail(mail: SendMailOptions): Promise<unknown>; close(): void };
  let transporter: Promise<Sender> | undefined;
  const transport = (): Promise<Sender> => {
    transporter ??= import('nodemailer').then(
      ({ default: nodemailer }): Sender =>
        settings.smtpUrl
          ? nodemailer.createTransport(settings.smtpUrl)
          : nodemailer.createTransport(logFileTransport(settings.logFile)),
    );
    return transporter;
  };
  return {
    kind: 'email',
    async send(target, notice, delivery) {
      const { address } = targetFor('email', target);
      await (await transport()).sendMail({
        from: settings.from,
        to: address,
        ...composeEmail(notice),
        headers: { 'X-Huying-Delivery': String(delivery.id), 'X-Huying-Event': notice.eventId },
      });
    },
    close: () => {
      void transporter?.then((created) => created.close());
    },
  };
}
