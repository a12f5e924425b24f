import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ChannelKind, DeliveryTarget, Notice } from '../../domain/notices.ts';

/** Which delivery this is: the same id comes again if a delivery is retried, so receivers can drop repeats. */
export interface Delivery {
  id: number;
  createdAt: Date;
}

/**
 * A way out for notices (e-mail, SMS, webhook). `send` resolves once the other side has taken the message and
 * throws otherwise; the outbox retries it later. Throwing `PermanentDeliveryError` says a retry cannot help.
 */
export interface Channel {
  readonly kind: ChannelKind;
  send(target: DeliveryTarget, notice: Notice, delivery: Delivery): Promise<void>;
}

/** A delivery that no retry can make succeed: the target is not for this channel, or no longer exists. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** Narrows a delivery's target to the channel's own kind, or refuses it for good. */
export function targetFor<K extends ChannelKind>(
  kind: K,
  target: DeliveryTarget,
): Extract<DeliveryTarget, { kind: K }> {
  if (target.kind !== kind) {
    throw new PermanentDeliveryError(`a ${target.kind} target was given to the ${kind} channel`);
  }
  return target as Extract<DeliveryTarget, { kind: K }>;
}

/** Appends one JSON line to a log file, making its folder first: the development stand-in for a gateway. */
export async function appendJsonLine(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(value)}\n`, 'utf8');
}
