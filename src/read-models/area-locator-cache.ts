import { areaTreeVersion, locatableAreas } from '../db/repositories/areas.ts';
import type { Executor } from '../db/repositories/executor.ts';
import { type AreaLocator, buildAreaLocator } from '../domain/area-locator.ts';

/**
 * The in-memory spatial index of the area tree. Every app process holds its own; the tree's version number in
 * the database tells each of them, at most `recheckMs` late, that an import elsewhere has changed it.
 */
export class AreaLocatorCache {
  #locator: AreaLocator | null = null;
  #version = -1;
  #checkedAt = 0;
  #pending: Promise<AreaLocator> | null = null;

  constructor(
    private readonly db: Executor,
    private readonly recheckMs = 2000,
  ) {}

  /** The current index; reads the tree again only when its version has moved. */
  async current(): Promise<AreaLocator> {
    if (this.#locator && Date.now() - this.#checkedAt < this.recheckMs) return this.#locator;
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  /** After a write in this process, the next lookup rechecks at once. */
  invalidate(): void {
    this.#checkedAt = 0;
  }

  async #refresh(): Promise<AreaLocator> {
    const version = await areaTreeVersion(this.db);
    if (!this.#locator || version !== this.#version) {
      this.#locator = buildAreaLocator(await locatableAreas(this.db));
      this.#version = version;
    }
    this.#checkedAt = Date.now();
    return this.#locator;
  }
}
