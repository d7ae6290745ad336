// What the once and incremental reads share: the pages they hand on and what a run amounts to.
import type { OdooRecord } from './page-fetch';

export interface ReadPage {
  /** 1-based. */
  number: number;
  records: OdooRecord[];
  /** msg.mlc.key of each record, in the same order. */
  keys: string[];
}

export interface ReadSink {
  /** Hands the page on (sends its messages). The next page is fetched only after this settles. */
  emit(page: ReadPage): void | Promise<void>;
}

export interface ReadSummary {
  read: number;
  pages: number;
  /** The incremental cursor after the run (stored form), or null for a once read. */
  cursor: string | null;
}
