// Mapping a whole batch without holding the event loop: Node-RED's editor and HTTP endpoints share
// the thread, so a large batch yields between chunks.
import type { RecordMapper } from './compile';
import type { MapResult } from './reasons';

export interface MapRecordsOptions {
  /** Records mapped between two yields to the event loop. */
  chunkSize?: number;
  isAsync: boolean;
}

export async function mapRecords(mapper: RecordMapper, records: readonly unknown[], options: MapRecordsOptions): Promise<MapResult[]> {
  const chunkSize = options.chunkSize ?? 2000;
  const results: MapResult[] = new Array<MapResult>(records.length);
  for (let start = 0; start < records.length; start += chunkSize) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const end = Math.min(start + chunkSize, records.length);
    if (options.isAsync) for (let i = start; i < end; i++) results[i] = await mapper.map(records[i]);
    else for (let i = start; i < end; i++) results[i] = mapper.mapSync(records[i]);
  }
  return results;
}
