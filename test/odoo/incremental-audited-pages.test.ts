// The incremental read that moves its cursor after each page is audited: it asks Odoo for the next
// page while a page waits for its audit, and counts a page's audited records once the audit wrote,
// not before it could have.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningSimulator } from '../../sandbox/kit';
import type { OdooClient } from '../../lib/odoo';
import type { Domain } from '../../lib/odoo/domain';
import { readIncremental } from '../../lib/odoo/incremental-reader';
import type { ReadPage } from '../../lib/odoo/read-types';
import type { Store } from '../../lib/store/types';
import { openOdooStoreFixture, type OdooStoreFixture } from '../support/odoo-store-fixture';

describe('incremental read, cursor moved after audit', () => {
  let parts: OdooStoreFixture;
  let sim: RunningSimulator;
  let store: Store;
  let client: OdooClient;

  before(async () => {
    parts = await openOdooStoreFixture('audited-pages');
    ({ sim, store, client } = parts);
    parts.engine.seedBulkPartners(300, { perSecond: 10 });
  });
  after(() => parts.close());

  const pageReads = (since: number): number => sim.log.count({ sinceSeq: since, tag: { model: 'res.partner', method: 'search_read' } });

  it('asks for the next page while a page waits for its audit, and counts each later page once', async () => {
    const since = sim.log.lastSeq;
    const countDoneReads = store.countDoneReads.bind(store);
    let counts = 0;
    const counted: Store = Object.assign(Object.create(store) as Store, {
      countDoneReads: (keys: readonly string[], statuses: Parameters<Store['countDoneReads']>[1]) => {
        counts++;
        return countDoneReads(keys, statuses);
      },
    });
    let sentPages = 0;
    const summary = await readIncremental(
      client,
      counted,
      { model: 'res.partner', domain: [['ref', '=like', 'BULK-%']] as Domain, fields: ['name'], pageSize: 100, cursorName: 'audited-pages', advance: 'audited', auditTimeoutMs: 20_000 },
      {
        emit(page: ReadPage) {
          sentPages++;
          const asked = sentPages;
          // The audit of a page comes only once Odoo has been asked for the page after it: without the
          // early request the read would wait for this audit, and stop when its wait runs out.
          void (async () => {
            for (let i = 0; i < 2_000 && pageReads(since) <= asked; i++) await new Promise((resolve) => setTimeout(resolve, 5));
            await counted.markPostedMany(page.keys.map((key) => ({ key, target: { system: 'test', entity: 'res.partner', id: key } })));
          })();
        },
      },
    );
    assert.equal(summary.read, 300);
    assert.equal(sentPages, 3);
    assert.equal((await store.getCursor('audited-pages'))?.value, summary.cursor);
    assert.equal(pageReads(since), 4, 'three pages and the empty one after them');
    // The first page is counted at once (its records might be done already), then after the audit
    // wrote; the others only after the audit wrote.
    assert.equal(counts, 4);
  });
});
