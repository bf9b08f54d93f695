// Alert delivery off the checks' path: enqueue returns at once; each (alert, channel) is retried with exponential
// backoff, bounded in attempts and total time, and failures are logged with the destination's secrets masked.
import type { AlertMessage, AlertSender } from './senders.js';
import { PermanentDeliveryError } from './senders.js';

export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** No attempt starts after this long since the first. */
  maxTotalMs: number;
  /** Each attempt's own timeout. */
  attemptTimeoutMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, initialDelayMs: 1000, maxDelayMs: 60_000, maxTotalMs: 5 * 60_000, attemptTimeoutMs: 10_000 };

export interface DeliveryOutcome {
  sender: string;
  message: AlertMessage;
  delivered: boolean;
  attempts: number;
  lastError: string | null;
}

export interface DispatcherOptions {
  retry?: Partial<RetryPolicy>;
  /** Queue bound: beyond it the oldest pending delivery is dropped (and logged). */
  maxQueued?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  log?: (line: string) => void;
  onOutcome?: (outcome: DeliveryOutcome) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

interface Job {
  sender: AlertSender;
  message: AlertMessage;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class AlertDispatcher {
  private readonly queue: Job[] = [];
  private running = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private readonly retry: RetryPolicy;
  private readonly maxQueued: number;
  private readonly concurrency: number;
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly senders: readonly AlertSender[],
    private readonly options: DispatcherOptions = {},
  ) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.maxQueued = options.maxQueued ?? 1000;
    this.concurrency = options.concurrency ?? 4;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
  }

  /** Queue the alert for every channel; never waits for delivery. */
  enqueue(message: AlertMessage): void {
    for (const sender of this.senders) {
      if (this.queue.length >= this.maxQueued) {
        const dropped = this.queue.shift()!;
        this.log(`alert queue full (${this.maxQueued}): dropped ${dropped.message.event} of ${dropped.message.monitor} for ${dropped.sender.label}`);
      }
      this.queue.push({ sender, message });
    }
    this.pump();
  }

  /** Resolves when nothing is queued or in flight (shutdown, tests). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get pending(): number {
    return this.queue.length + this.running;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running += 1;
      void this.deliver(job)
        .then((outcome) => this.options.onOutcome?.(outcome))
        .catch((e) => this.log(`alert delivery crashed: ${job.sender.redact(String(e))}`))
        .finally(() => {
          this.running -= 1;
          this.pump();
          if (this.queue.length === 0 && this.running === 0) for (const w of this.idleWaiters.splice(0)) w();
        });
    }
  }

  private async deliver({ sender, message }: Job): Promise<DeliveryOutcome> {
    const started = this.now();
    let delay = this.retry.initialDelayMs;
    let lastError: string | null = null;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      try {
        await sender.send(message, AbortSignal.timeout(this.retry.attemptTimeoutMs));
        if (attempt > 1) this.log(`alert ${message.event} of ${message.monitor} delivered to ${sender.label} at attempt ${attempt}`);
        return { sender: sender.label, message, delivered: true, attempts: attempt, lastError: null };
      } catch (e) {
        lastError = sender.redact(e instanceof Error ? `${e.message}${e.cause instanceof Error ? ` (${e.cause.message})` : ''}` : String(e));
        const permanent = e instanceof PermanentDeliveryError;
        const outOfTime = this.now() - started + delay > this.retry.maxTotalMs;
        if (permanent || attempt === this.retry.maxAttempts || outOfTime) {
          this.log(`alert ${message.event} of ${message.monitor} NOT delivered to ${sender.label} after ${attempt} attempt(s): ${lastError}`);
          return { sender: sender.label, message, delivered: false, attempts: attempt, lastError };
        }
        this.log(`alert ${message.event} of ${message.monitor} to ${sender.label} failed (attempt ${attempt}): ${lastError}; retrying in ${delay} ms`);
        // jitter keeps several workers from retrying in lockstep
        await this.sleep(Math.round(delay * (0.8 + Math.random() * 0.4)));
        delay = Math.min(delay * 2, this.retry.maxDelayMs);
      }
    }
    return { sender: sender.label, message, delivered: false, attempts: this.retry.maxAttempts, lastError };
  }
}
