// One holder at a time, first come first served: the embedded engine has one session, shared by our
// batches and the clients of its served socket.
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves when the caller holds the mutex; call the returned function exactly once to let the next one in. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return turn;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
