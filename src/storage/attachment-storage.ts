import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where uploaded files live. The disk implementation keeps them under the data folder; an S3-compatible store
 * can implement the same three calls for a city that runs app processes on several machines.
 */
export interface AttachmentStorage {
  /** Moves a finished temporary file in under `key`; durable when it returns. */
  adopt(temporaryPath: string, key: string): Promise<void>;
  read(key: string): Readable;
  /** A path for an upload in progress, on the same file system as the store. */
  temporaryPath(name: string): Promise<string>;
  /** Drops an upload that was refused or failed. */
  discard(temporaryPath: string): Promise<void>;
}

export class DiskAttachmentStorage implements AttachmentStorage {
  constructor(private readonly root: string) {}

  #pathOf(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{8,}$/.test(key)) throw new Error(`not an attachment key: ${key}`);
    return join(this.root, key);
  }

  async temporaryPath(name: string): Promise<string> {
    const folder = join(this.root, 'incoming');
    await mkdir(folder, { recursive: true });
    return join(folder, name);
  }

  async adopt(temporaryPath: string, key: string): Promise<void> {
    const target = this.#pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const handle = await open(temporaryPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, target);
    const folder = await open(dirname(target), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  read(key: string): Readable {
    return createReadStream(this.#pathOf(key));
  }

  async discard(temporaryPath: string): Promise<void> {
    await rm(temporaryPath, { force: true });
  }
}
