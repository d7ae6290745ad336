// Shows a burst of updates at most once per interval, the last one always: the first at once, the
// rest folded into one when the interval has passed. For status text, which reaches every open
// editor over the comms websocket, where batches or webhook events can end many times a second.
export class Throttle {
  private lastAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly show: () => void,
    private readonly minIntervalMs = 1000,
  ) {}

  /** Shows now, or once the interval has passed; what is shown is read then, so it is the latest. */
  request(): void {
    const wait = this.lastAt + this.minIntervalMs - Date.now();
    if (wait <= 0) {
      this.showNow();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.showNow();
    }, wait);
  }

  /** Drops an update still waiting (on close, before the status is cleared). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private showNow(): void {
    this.lastAt = Date.now();
    this.show();
  }
}
