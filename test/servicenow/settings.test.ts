// The ServiceNow config's settings: HTTPS except to this machine, the credentials each mode needs
// (and only those taken from the dialog), the Link header's next offset, and values sent as strings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { instanceUrlProblem, nextOffset, serviceNowSettingsProblem, ServiceNowInputError, stringValues } from '../../lib/servicenow';
import { serviceNowSettingsFromNode } from '../../nodes/servicenow/servicenow-config-settings';

describe('ServiceNow settings', () => {
  it('takes https:// anywhere and http:// only to a loopback host', () => {
    for (const ok of ['https://acme.service-now.com', 'http://127.0.0.1:8104', 'http://127.9.0.1', 'http://localhost:8104', 'http://[::1]:8104']) assert.equal(instanceUrlProblem(ok), undefined, ok);
    for (const bad of ['http://acme.service-now.com', 'http://127.0.0.1.example.com', 'http://localhost.example.com', 'ftp://127.0.0.1', 'acme.service-now.com']) assert.ok(instanceUrlProblem(bad), bad);
    assert.match(instanceUrlProblem('https://admin:pw@acme.service-now.com') ?? '', /credential fields/);
  });

  it('asks for the credentials of the chosen mode', () => {
    const base = { configName: 'sn', instanceUrl: 'https://acme.service-now.com' };
    assert.match(serviceNowSettingsProblem({ ...base, authMode: 'basic', user: 'u' }) ?? '', /password: the password is required for basic/);
    assert.match(serviceNowSettingsProblem({ ...base, authMode: 'oauth-password', user: 'u', password: 'p' }) ?? '', /clientId: the OAuth client id is required/);
    assert.equal(serviceNowSettingsProblem({ ...base, authMode: 'oauth-client-credentials', clientId: 'c', clientSecret: 's' }), undefined);
    assert.match(serviceNowSettingsProblem({ ...base, authMode: 'basic', user: 'u', password: 'p', tables: ['cmn_cost_center/../sys_user'] }) ?? '', /table name/);
  });

  it('reads the dialog: a leftover credential of another mode is never taken, tables split on commas and spaces', () => {
    const settings = serviceNowSettingsFromNode(
      'n1',
      { instanceUrl: 'https://acme.service-now.com/', authMode: 'basic', tables: 'cmn_cost_center, sn_fin_supplier  sn_fin_supplier', concurrency: '99', pageSize: '50' },
      { user: 'integration', password: 'p', clientId: 'old-client', clientSecret: 'old-secret' },
    );
    assert.equal(settings.configName, 'ServiceNow acme.service-now.com');
    assert.equal(settings.instanceUrl, 'https://acme.service-now.com');
    assert.equal(settings.clientSecret, undefined);
    assert.equal(settings.clientId, undefined);
    assert.deepEqual(settings.tables, ['cmn_cost_center', 'sn_fin_supplier']);
    assert.equal(settings.concurrency, 32);
    assert.equal(settings.pageSize, 50);
    const cc = serviceNowSettingsFromNode('n2', { instanceUrl: 'https://acme.service-now.com', authMode: 'oauth-client-credentials' }, { user: 'u', password: 'left-over', clientId: 'c', clientSecret: 's' });
    assert.equal(cc.password, undefined);
  });

  it('takes the offset of the Link header\'s next entry only', () => {
    const link =
      '<https://i.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=0>;rel="first",<https://i.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=-1>;rel="prev",<https://i.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=1>;rel="next",<https://i.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=549>;rel="last"';
    assert.equal(nextOffset(link), 1);
    assert.equal(nextOffset(link.replace(/,<[^>]*>;rel="next"/, '')), undefined);
  });

  it('sends every value as a string and refuses what is not one column value', () => {
    assert.deepEqual(stringValues({ a: 1.5, b: false, c: null, d: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), e: 12n, f: undefined, g: 'x' }, 't'), { a: '1.5', b: 'false', c: '', d: '2026-01-02 03:04:05', e: '12', g: 'x' });
    assert.throws(() => stringValues({ lines: [{ a: 1 }] }, 'sn_shop_purchase_order'), (e: unknown) => e instanceof ServiceNowInputError && /sn_shop_purchase_order\.lines is a list/.test(e.message));
    assert.throws(() => stringValues({ n: Number.POSITIVE_INFINITY }, 't'), ServiceNowInputError);
  });
});
