import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * What a simulator gives the kit so its data outlives a restart, as a real system's would. The kit
 * decides when to save and how (see `StateFile`); the simulator only turns its state into plain JSON
 * and back. Secrets that are not demo data (signing keys, issued tokens) are left out: a restarted
 * real system forgets sessions too, and clients log in again.
 */
export interface SimulatorPersistence {
  /**
   * The shape of `snapshot()`'s result. Bump it when the shape changes incompatibly: a file of another
   * version is refused with a message that says to reset, never half-loaded.
   */
  readonly version: number;
  /** Everything that changes while the simulator runs, as JSON-serialisable data. Called between requests. */
  snapshot(): unknown;
  /** Replaces the simulator's state with a snapshot (after the seed was built). Throw if it does not fit. */
  restore(snapshot: unknown): void;
  /**
   * Cheap "has anything changed" mark (a counter): the kit compares it after every request and saves
   * when it moved. Without it the kit saves after every request that is not GET, HEAD or OPTIONS.
   */
  changeMark?(): string | number;
}

export const STATE_FILE_FORMAT = 'mlc-sandbox-state';

interface StateFileContent {
  format: typeof STATE_FILE_FORMAT;
  system: string;
  version: number;
  savedAt: string;
  state: unknown;
}

export class StateFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`sandbox data ${file} cannot be loaded: ${reason}. Start over with \`npm start -- --reset\` (or delete the file together with the store file)`);
    this.name = 'StateFileError';
  }
}

/**
 * One simulator's data file: `{format, system, version, savedAt, state}` as JSON. Saved atomically (a
 * temporary file beside it, fsynced, then renamed over it), so a crash leaves the old file or the new
 * one, never a torn one.
 */
export class StateFile {
  private lastMark: string | number | undefined;
  private lastText: string | undefined;

  constructor(
    readonly file: string,
    private readonly system: string,
    private readonly persistence: SimulatorPersistence,
  ) {}

  /** Restores the saved state if there is a file; false when there was none (the seed stays). */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    let content: StateFileContent;
    try {
      content = JSON.parse(readFileSync(this.file, 'utf8')) as StateFileContent;
    } catch (error) {
      throw new StateFileError(this.file, `not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (content?.format !== STATE_FILE_FORMAT || content.system !== this.system) {
      throw new StateFileError(this.file, `not ${this.system}'s sandbox data`);
    }
    if (content.version !== this.persistence.version) {
      throw new StateFileError(this.file, `saved in format version ${content.version}, this sandbox reads version ${this.persistence.version}`);
    }
    try {
      this.persistence.restore(content.state);
    } catch (error) {
      throw new StateFileError(this.file, error instanceof Error ? error.message : String(error));
    }
    this.lastMark = this.persistence.changeMark?.();
    return true;
  }

  /** After a request: saves when the change mark moved, or (no mark) when the method may write. */
  afterRequest(method: string): void {
    if (this.persistence.changeMark) {
      if (this.persistence.changeMark() !== this.lastMark) this.save();
    } else if (!['GET', 'HEAD', 'OPTIONS'].includes(method)) {
      this.save();
    }
  }

  /** Writes the state unless it is exactly what was saved last (periodic saves and close catch in-process changes). */
  save(): void {
    const mark = this.persistence.changeMark?.();
    if (mark !== undefined && mark === this.lastMark && this.lastText !== undefined) return;
    const state = JSON.stringify(this.persistence.snapshot());
    if (state === this.lastText) {
      this.lastMark = mark;
      return;
    }
    const text = `{"format":${JSON.stringify(STATE_FILE_FORMAT)},"system":${JSON.stringify(this.system)},"version":${this.persistence.version},"savedAt":${JSON.stringify(new Date().toISOString())},"state":${state}}\n`;
    writeAtomically(this.file, text);
    this.lastText = state;
    this.lastMark = mark;
  }
}

/** Temp file in the same directory, fsync, rename: readers see the old or the new file whole. */
export function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
