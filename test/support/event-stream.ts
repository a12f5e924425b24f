/** One message of a server-sent event stream. */
export interface StreamMessage {
  event: string | null;
  id: string | null;
  data: string;
}

/**
 * A client of a text/event-stream endpoint, as a browser's EventSource reads it: it keeps every message and
 * comment it has received, and tests wait for the ones they expect.
 */
export class StreamClient {
  readonly messages: StreamMessage[] = [];
  readonly comments: string[] = [];
  #ended = false;

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: string,
    private readonly controller: AbortController,
    readonly finished: Promise<void>,
  ) {}

  get ended(): boolean {
    return this.#ended;
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
    const controller = new AbortController();
    const response = await fetch(url, { headers, signal: controller.signal });
    const isStream = (response.headers.get('content-type') ?? '').startsWith('text/event-stream');
    if (!isStream || !response.body) {
      return new StreamClient(
        response.status,
        response.headers,
        await response.text(),
        controller,
        Promise.resolve(),
      );
    }
    let client: StreamClient | undefined;
    const reader = response.body.getReader();
    const finished = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let split = buffer.indexOf('\n\n');
          while (split >= 0) {
            if (client) client.#take(buffer.slice(0, split));
            buffer = buffer.slice(split + 2);
            split = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // Aborted by close().
      }
      if (client) client.#ended = true;
    })();
    client = new StreamClient(response.status, response.headers, '', controller, finished);
    return client;
  }

  #take(block: string): void {
    const message: StreamMessage = { event: null, id: null, data: '' };
    let isMessage = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('event: ')) [isMessage, message.event] = [true, line.slice(7)];
      else if (line.startsWith('id: ')) [isMessage, message.id] = [true, line.slice(4)];
      else if (line.startsWith('data: ')) [isMessage, message.data] = [true, message.data + line.slice(6)];
    }
    if (isMessage) this.messages.push(message);
  }

  /** The parsed data of every message of a type received so far. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came and assert on it
  dataOf(event: string): any[] {
    return this.messages
      .filter((message) => message.event === event)
      .map((message) => JSON.parse(message.data));
  }

  /** Waits until `test` holds (checked every 20 ms), or fails after `timeoutMs`. */
  async waitUntil(test: () => boolean, timeoutMs = 5000, what = 'the stream to deliver'): Promise<void> {
    const started = Date.now();
    while (!test()) {
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.controller.abort();
  }
}
