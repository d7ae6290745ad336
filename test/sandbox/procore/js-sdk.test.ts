import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as sdk from '@procore/js-sdk';
import { PROJECT_IDS } from '../../../sandbox/procore';
import { COMPANY, startProcore, token, type Procore } from './helpers';

/**
 * `@procore/js-sdk` as a thin REST client (C.12): it has no client-credentials helper, so the token
 * comes from our own call; it sends Procore-Company-Id from `defaultCompanyId`, templates paths, serialises
 * `filters` with brackets, and rejects non-2xx with `{body, response}` rather than an Error.
 */
describe('Procore sandbox through @procore/js-sdk', () => {
  let pc: Procore;
  before(async () => {
    pc = await startProcore();
  });
  after(() => pc.running.close());

  it('lists projects and direct costs, filters by id arrays, reads paging headers; a 403 rejects with the response', async () => {
    const client = sdk.client(sdk.oauth(await token(pc.url)), {}, { apiHostname: pc.url, defaultVersion: 'v1.0', defaultCompanyId: COMPANY });
    const { body, response } = await client.get({ base: '/projects', qs: { company_id: COMPANY, per_page: 2 } });
    assert.equal((body as unknown[]).length, 2);
    assert.equal(response.headers.get('Total'), '3');
    assert.match(String(response.headers.get('Link')), /rel="next"/);
    assert.ok(response.headers.get('X-Rate-Limit-Remaining'));
    const filtered = await client.get({ base: '/projects', qs: { company_id: COMPANY, filters: { id: [PROJECT_IDS.riverside, PROJECT_IDS.harborView] } } });
    assert.deepEqual((filtered.body as Array<{ id: number }>).map((p) => p.id), [PROJECT_IDS.riverside, PROJECT_IDS.harborView]);
    const costs = await client.get({ base: '/projects/{project_id}/direct_costs', params: { project_id: PROJECT_IDS.oakStreet }, version: 'v1.1' });
    assert.equal((costs.body as Array<{ amount: string }>)[0]!.amount, '864.50');
    const created = await client.post({ base: '/vendors' }, { company_id: COMPANY, vendor: { name: 'Silverline Fasteners', origin_id: '1018' } });
    assert.equal((created.body as { origin_id: string }).origin_id, '1018');
    await assert.rejects(client.get({ base: '/projects', params: { id: PROJECT_IDS.westgate }, qs: { company_id: COMPANY } }), (rejection: { response: Response; body: { message: string } }) => {
      assert.equal(rejection.response.status, 403);
      assert.equal(rejection.body.message, 'You do not have access to this project');
      return true;
    });
  });
});
