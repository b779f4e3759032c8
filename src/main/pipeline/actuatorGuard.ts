import type { ModelOutput } from '../../shared/domain/modelManifest';

type ActuatorSpec = Extract<ModelOutput, { kind: 'actuator' }>;

export interface ActuatorGuardStatus {
  readonly armed: boolean;
  /** Why the guard is disarmed (after a watchdog trip, an e-stop, a failure), or null. */
  readonly disarmReason: string | null;
  readonly lastCommand: number | null;
  readonly commandsSent: number;
  readonly clamped: number;
  readonly rateLimited: number;
}

export interface ActuatorGuardOptions {
  readonly spec: ActuatorSpec;
  /** Writes one command to the device; rejects when the link is down (never queued). */
  readonly send: (value: number) => Promise<void>;
  readonly audit: (action: string, detail: Record<string, unknown>) => void;
  /** Predictions older than this make the guard send the safe value and disarm. */
  readonly staleAfterMs: number;
  readonly now?: () => number;
  readonly watchdogPeriodMs?: number;
}

/**
 * Stands between a model's actuator output and the device (ARCHITECTURE §3): off until an
 * operator arms it; every command clamped to the manifest's limits and rate-limited; a watchdog
 * sends the safe value and disarms when predictions stop; a failed write disarms (nothing is
 * retried or queued across a disconnect); e-stop always works, armed or not.
 */
export class ActuatorGuard {
  readonly #options: ActuatorGuardOptions;
  readonly #now: () => number;
  readonly #timer: ReturnType<typeof setInterval>;
  #armed = false;
  #disarmReason: string | null = 'not armed yet';
  #lastCommand: number | null = null;
  #lastSentAt = Number.NaN;
  #lastPredictionAt = Number.NaN;
  #commandsSent = 0;
  #clamped = 0;
  #rateLimited = 0;

  constructor(options: ActuatorGuardOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#timer = setInterval(() => this.#watch(), options.watchdogPeriodMs ?? 100);
  }

  status(): ActuatorGuardStatus {
    return {
      armed: this.#armed,
      disarmReason: this.#disarmReason,
      lastCommand: this.#lastCommand,
      commandsSent: this.#commandsSent,
      clamped: this.#clamped,
      rateLimited: this.#rateLimited,
    };
  }

  arm(operator: string): void {
    if (this.#armed) return;
    this.#armed = true;
    this.#disarmReason = null;
    // Rate limiting starts from the safe value: the first command cannot jump.
    this.#lastCommand = this.#lastCommand ?? this.#options.spec.safeValue;
    this.#lastSentAt = this.#now();
    this.#lastPredictionAt = Number.NaN;
    this.#options.audit('actuator.arm', { operator });
  }

  disarm(reason: string): void {
    if (!this.#armed) return;
    this.#armed = false;
    this.#disarmReason = reason;
    this.#sendSafe();
    this.#options.audit('actuator.disarm', { reason });
  }

  /** Emergency stop: safe value now, disarmed, whatever state the guard was in. */
  estop(operator: string): void {
    this.#armed = false;
    this.#disarmReason = `e-stop by ${operator}`;
    this.#sendSafe();
    this.#options.audit('actuator.estop', { operator });
  }

  /** A fresh model output; sent only while armed, after clamping and rate limiting. */
  onPrediction(value: number): void {
    const now = this.#now();
    this.#lastPredictionAt = now;
    if (!this.#armed || !Number.isFinite(value)) return;
    const { min, max, maxRatePerS } = this.#options.spec;
    let target = Math.min(max, Math.max(min, value));
    if (target !== value) this.#clamped += 1;
    const previous = this.#lastCommand ?? this.#options.spec.safeValue;
    const maxStep = (maxRatePerS * Math.max(0, now - this.#lastSentAt)) / 1000;
    if (Math.abs(target - previous) > maxStep) {
      target = previous + Math.sign(target - previous) * maxStep;
      this.#rateLimited += 1;
    }
    this.#write(target, now);
  }

  /** The model's runtime restarted: whatever it was doing is unknown, so go safe. */
  onRuntimeRestart(): void {
    this.disarm('the model runtime restarted');
  }

  dispose(): void {
    clearInterval(this.#timer);
    if (this.#armed) this.disarm('model stopped');
  }

  #watch(): void {
    if (!this.#armed) return;
    const since = Number.isNaN(this.#lastPredictionAt) ? this.#now() - this.#lastSentAt : this.#now() - this.#lastPredictionAt;
    if (since > this.#options.staleAfterMs) this.disarm(`no prediction for ${Math.round(since)} ms`);
  }

  #sendSafe(): void {
    this.#write(this.#options.spec.safeValue, this.#now());
  }

  #write(value: number, now: number): void {
    this.#lastCommand = value;
    this.#lastSentAt = now;
    this.#commandsSent += 1;
    this.#options.send(value).catch((error: unknown) => {
      // The link is down: the command was refused, not queued. Stay safe until re-armed.
      if (this.#armed) {
        this.#armed = false;
        this.#disarmReason = `command refused: ${error instanceof Error ? error.message : String(error)}`;
        this.#options.audit('actuator.disarm', { reason: this.#disarmReason });
      }
    });
  }
}
