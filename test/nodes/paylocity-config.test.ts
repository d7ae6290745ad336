// mlc-paylocity-config: the dialog's fields → client settings (environment hosts, custom URLs, limits),
// the webhook Basic credentials, and the node as Node-RED loads it.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { paylocitySettingsProblem, PAYLOCITY_HOSTS } from '../../lib/paylocity/settings';
import { paylocitySettingsFromNode, webhookCredentialsFrom } from '../../nodes/paylocity/paylocity-config-settings';
import type { PaylocityConfigNode } from '../../nodes/shared/types';
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');

helper.init(require.resolve('node-red'));

describe('mlc-paylocity-config settings', () => {
  it('takes the published hosts for production and Paylocity testing, whatever custom URLs linger', () => {
    const production = paylocitySettingsFromNode('n1', { environment: 'production', apiBase: 'http://x', companyId: ' C01 ' }, { clientId: 'id', clientSecret: 's' });
    assert.equal(production.apiBase, PAYLOCITY_HOSTS.production.apiBase);
    assert.equal(production.tokenUrl, PAYLOCITY_HOSTS.production.tokenUrl);
    assert.equal(production.companyId, 'C01');
    assert.equal(production.configName, 'Paylocity C01');
    const testing = paylocitySettingsFromNode('n1', { environment: 'sandbox', companyId: 'C01' }, { clientId: 'id', clientSecret: 's' });
    assert.equal(testing.apiBase, PAYLOCITY_HOSTS.sandbox.apiBase);
    assert.equal(paylocitySettingsProblem(testing), undefined);
  });

  it('takes both URLs from the dialog for another host, and says what is missing', () => {
    const custom = paylocitySettingsFromNode('n1', { environment: 'custom', apiBase: 'http://127.0.0.1:8102/api/', tokenUrl: '', companyId: 'C01' }, { clientId: 'id', clientSecret: 's' });
    assert.equal(custom.apiBase, 'http://127.0.0.1:8102/api');
    assert.match(paylocitySettingsProblem(custom) ?? '', /tokenUrl: the token URL must start with https:\/\//);
    const noSecret = paylocitySettingsFromNode('n1', { environment: 'production', companyId: 'C01' }, { clientId: 'id' });
    assert.match(paylocitySettingsProblem(noSecret) ?? '', /clientSecret: the client secret is required/);
    const longCompany = paylocitySettingsFromNode('n1', { companyId: '1234567890' }, { clientId: 'id', clientSecret: 's' });
    assert.match(paylocitySettingsProblem(longCompany) ?? '', /at most 9 characters/);
  });

  it('bounds page size, concurrency and pace, and ignores what is not a number', () => {
    const s = paylocitySettingsFromNode('n1', { companyId: 'C01', pageSize: '5000', concurrency: '0', requestsPerSecond: '12.5', timeoutSeconds: '0.2' }, { clientId: 'i', clientSecret: 's' });
    assert.equal(s.pageSize, 1000);
    assert.equal(s.concurrency, undefined);
    assert.equal(s.requestsPerSecond, 12.5);
    assert.equal(s.timeoutMs, 1000);
    const t = paylocitySettingsFromNode('n1', { companyId: 'C01', requestsPerSecond: 'fast' }, { clientId: 'i', clientSecret: 's' });
    assert.equal(t.requestsPerSecond, undefined);
  });

  it('has webhook credentials only when a user or password is set', () => {
    assert.equal(webhookCredentialsFrom({}), undefined);
    assert.equal(webhookCredentialsFrom({ webhookUser: '', webhookPassword: '' }), undefined);
    assert.deepEqual(webhookCredentialsFrom({ webhookUser: 'pcty', webhookPassword: 'pw' }), { user: 'pcty', password: 'pw' });
  });
});

describe('mlc-paylocity-config node', () => {
  before(async () => {
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
  });
  after(async () => {
    await helper.stopServer();
  });

  it('gives the nodes using it its name, company and webhook credentials, from Node-RED credentials', async () => {
    const flow = [{ id: 'p', type: 'mlc-paylocity-config', name: '', environment: 'production', companyId: 'C01' }];
    await helper.load(paylocityConfigNode, flow, { p: { clientId: 'cid', clientSecret: 'sec', webhookUser: 'hook', webhookPassword: 'hookpw' } });
    const node = helper.getNode('p') as unknown as PaylocityConfigNode;
    assert.equal(node.configName(), 'Paylocity C01');
    assert.equal(node.companyId(), 'C01');
    assert.deepEqual(node.webhookCredentials(), { user: 'hook', password: 'hookpw' });
  });
});
