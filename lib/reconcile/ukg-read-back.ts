// UKG's read-back: the written org levels of a page in one GET of the org-level list filtered by their
// codes (`code=[CC-100,CC-600]`), matched to the records by level and code as UKG keeps them unique.
import type { UkgClient } from '../ukg/client';
import { readOrgLevels } from '../ukg/configuration';
import { lookupKey } from '../ukg/org-level-writer';
import type { ReadBackAdapter } from './read-back';
import { recordLine, RecordReadBackError, refuseLines } from './record-line';

const ORG_LEVEL = 'org-level';

export function ukgReadBack(client: UkgClient): ReadBackAdapter {
  return {
    system: 'ukg',
    async readPage(records, spec) {
      refuseLines(spec, 'UKG org levels');
      const byKey = new Map<string, string>();
      for (const { target } of records) {
        const at = target.id.indexOf('/');
        const level = Number(target.id.slice(0, at));
        if (target.entity !== ORG_LEVEL || at < 1 || !Number.isInteger(level)) {
          throw new RecordReadBackError(`reconcile: UKG ${target.entity} ${target.id} cannot be read back; ml-connector reads back org levels ("<level>/<code>")`);
        }
        byKey.set(lookupKey(level, target.id.slice(at + 1)), target.id);
      }
      const codes = [...new Set(records.map(({ target }) => target.id.slice(target.id.indexOf('/') + 1).toUpperCase()))];
      const levels = await readOrgLevels(client, { codes });
      return levels.flatMap((org) => {
        const id = byKey.get(lookupKey(org.level, org.code));
        return id === undefined ? [] : [recordLine(id, org, spec, 'UKG')];
      });
    },
  };
}
