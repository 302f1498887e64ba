/** One thing to stop, by name (for the debug log and a timeout message). */
interface Stage {
  name: string;
  stop: () => Promise<void>;
}

export interface LifecycleOptions {
  /** Longest a shutdown may take before the process exits anyway (default 10 s). */
  timeoutMs?: number;
  /** Debug and warning lines; the stop itself is silent at info. */
  log?: { debug(msg: string): void; warn(msg: string): void };
  /** process.exit, replaceable in tests. */
  exit?: (code: number) => void;
}

/**
 * An ordered shutdown. Parts register as they start; `stop()` stops them in reverse order, so what
 * started last (the HTTP server) stops first and the database, started first, stops last: nothing
 * is left talking to a database that has gone. The first SIGINT or SIGTERM stops in order and exits
 * 0; a second signal, or a stop slower than the timeout, exits at once with 1.
 */
export class Lifecycle {
  private readonly stages: Stage[] = [];
  private stopping?: Promise<void>;
  private readonly timeoutMs: number;
  private readonly log: NonNullable<LifecycleOptions['log']>;
  private readonly exit: (code: number) => void;
  private readonly onSignal = (signal: NodeJS.Signals) => this.signalled(signal);

  constructor(options: LifecycleOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.log = options.log ?? { debug: () => {}, warn: (msg) => console.error(msg) };
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  /** Registers something to stop; later registrations stop first. */
  add(name: string, stop: () => Promise<void> | void): void {
    this.stages.push({ name, stop: async () => stop() });
  }

  /** Listens for SIGINT and SIGTERM (call once, early: a signal during the start stops what has started). */
  handleSignals(): void {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  /** Stops every stage in reverse order, each once; a failing stage is logged and the rest still stop. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const stage of [...this.stages].reverse()) {
        this.log.debug(`stopping ${stage.name}`);
        try {
          await stage.stop();
        } catch (error) {
          this.log.warn(`stopping ${stage.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      this.stages.length = 0;
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
    })();
    return this.stopping;
  }

  /** Stops in order and exits with `code`; forced with 1 after the timeout. */
  async stopAndExit(code = 0): Promise<void> {
    const timer = setTimeout(() => {
      this.log.warn(`shutdown took longer than ${this.timeoutMs / 1000} s: exiting without waiting`);
      this.exit(1);
    }, this.timeoutMs);
    timer.unref();
    await this.stop();
    clearTimeout(timer);
    this.exit(code);
  }

  private signalled(signal: NodeJS.Signals): void {
    if (this.stopping) {
      this.log.warn(`${signal} again: exiting without waiting for the shutdown`);
      this.exit(1);
      return;
    }
    this.log.debug(`${signal}: stopping`);
    void this.stopAndExit(0);
  }
}
