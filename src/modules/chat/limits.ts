import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.ts';

/**
 * Per-process sliding-window counters for what residents may do without an account: start chats and
 * leave messages (per client address), write messages (per conversation). Keys are hashed, so no
 * address is kept; several server processes each count their own share.
 */
export class WindowLimit {
  readonly #hits = new Map<string, number[]>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit for `key`; throws 429 rate_limited (with retryAfterSeconds) when over the limit. */
  take(key: string, now: Date, what: string): void {
    const at = now.getTime();
    const k = createHash('sha256').update(key).digest('base64url').slice(0, 22);
    const recent = (this.#hits.get(k) ?? []).filter((t) => t > at - this.windowMs);
    if (recent.length >= this.max) {
      this.#hits.set(k, recent);
      const retryAfterSeconds = Math.max(1, Math.ceil(((recent[0] as number) + this.windowMs - at) / 1000));
      throw new AppError('rate_limited', 429, `Too many ${what}: try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
    }
    recent.push(at);
    this.#hits.set(k, recent);
    if (this.#hits.size > 20_000) {
      for (const [key2, times] of this.#hits) if (!times.some((t) => t > at - this.windowMs)) this.#hits.delete(key2);
    }
  }
}

export interface ChatLimits {
  /** New chats per client address. */
  starts: WindowLimit;
  /** Messages left per client address. */
  leftMessages: WindowLimit;
  /** Messages a resident writes per conversation. */
  messages: WindowLimit;
}

/** The defaults: 6 chats and 5 left messages an hour per address, 20 messages a minute per chat. */
export function defaultChatLimits(): ChatLimits {
  return { starts: new WindowLimit(6, 3_600_000), leftMessages: new WindowLimit(5, 3_600_000), messages: new WindowLimit(20, 60_000) };
}
