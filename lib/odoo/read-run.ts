// An Odoo read run as the store records it: its id, and the note it closes with.
import { newRunId as runIdWithPrefix } from '../read/run-record';
import type { ReadSummary } from './read-types';

export function newRunId(model: string, at: Date = new Date()): string {
  return runIdWithPrefix(`odoo-read:${model}`, at);
}

export function finishedNote(summary: ReadSummary): string {
  return `${summary.read} read in ${summary.pages} pages${summary.cursor ? `; cursor ${summary.cursor}` : ''}`;
}
