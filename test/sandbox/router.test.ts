import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseXml, startSimulator, XmlSyntaxError, type RunningSimulator } from '../../sandbox/kit';
import { DemoSimulator } from './demo-simulator';
import { rawRequest } from './http-client';

describe('sandbox router and bodies', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator(new DemoSimulator(), { port: 0, bodyLimitBytes: 1024 });
  });
  after(() => sim.close());

  it('captures :params (URL-decoded) and parses the query string', async () => {
    const response = await rawRequest(`${sim.url}/echo/res.partner/search%20read?limit=5&filters%5Bby_status%5D=Active`);
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body), {
      params: { first: 'res.partner', second: 'search read' },
      query: { limit: '5', 'filters[by_status]': 'Active' },
    });
  });

  it('captures the rest of the path with a trailing *', async () => {
    const response = await rawRequest(`${sim.url}/echo/files/a/b/c.txt`);
    assert.deepEqual(JSON.parse(response.body), { rest: 'a/b/c.txt' });
  });

  it('reads JSON and form bodies', async () => {
    const jsonResponse = await rawRequest(`${sim.url}/echo/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [1, 2], context: { lang: 'en_US' } }),
    });
    assert.deepEqual(JSON.parse(jsonResponse.body), { body: { ids: [1, 2], context: { lang: 'en_US' } } });

    const formResponse = await rawRequest(`${sim.url}/echo/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=a+b',
    });
    assert.deepEqual(JSON.parse(formResponse.body), { form: { grant_type: 'client_credentials', scope: 'a b' } });
  });

  it('reads an XML body and answers XML', async () => {
    const response = await rawRequest(`${sim.url}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<?xml version="1.0"?><methodCall><methodName>echo</methodName><params><param><value><string>a &amp; b</string></value></param></params></methodCall>',
    });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/xml/);
    assert.match(response.body, /<string>a &amp; b<\/string>/);
    assert.equal(sim.log.last({ path: '/rpc' })?.tags.rpcMethod, 'echo');
  });

  it('answers 400 for malformed JSON and malformed XML', async () => {
    const badJson = await rawRequest(`${sim.url}/echo/json`, { method: 'POST', body: '{"ids": [1,' });
    assert.equal(badJson.status, 400);
    assert.equal((JSON.parse(badJson.body) as { error: string }).error, 'invalid_json');
    const badXml = await rawRequest(`${sim.url}/rpc`, { method: 'POST', body: '<methodCall><methodName>x</methodCall>' });
    assert.equal(badXml.status, 400);
    assert.match(badXml.body, /closes <methodName>/);
  });

  it('answers 413 for a body over the limit, and the connection still delivers the answer', async () => {
    const response = await rawRequest(`${sim.url}/echo/json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ blob: 'x'.repeat(4096) }),
    });
    assert.equal(response.status, 413);
    assert.equal((JSON.parse(response.body) as { error: string }).error, 'payload_too_large');
    const atLimit = await rawRequest(`${sim.url}/echo/json`, { method: 'POST', body: JSON.stringify({ blob: 'x'.repeat(1000) }) });
    assert.equal(atLimit.status, 200);
  });

  it('answers 404 for an unknown path and 405 (with Allow) for a known path with another method', async () => {
    const missing = await rawRequest(`${sim.url}/nowhere`);
    assert.equal(missing.status, 404);
    const wrongMethod = await rawRequest(`${sim.url}/oauth/token`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.allow, 'POST');
  });

  it('treats a path with an extra or a missing segment as a different route', async () => {
    assert.equal((await rawRequest(`${sim.url}/echo/a/b/c`)).status, 404);
    assert.equal((await rawRequest(`${sim.url}/echo/a/`)).status, 404);
  });
});

describe('sandbox XML reader', () => {
  it('keeps elements, attributes, entities and CDATA', () => {
    const root = parseXml('<?xml version="1.0"?>\n<!-- c --><a x="1 &lt; 2"><b>t&#233;&#x41;</b><![CDATA[<raw>]]><c/></a>');
    assert.equal(root.name, 'a');
    assert.deepEqual(root.attributes, { x: '1 < 2' });
    assert.deepEqual(root.children, [{ name: 'b', attributes: {}, children: ['téA'] }, '<raw>', { name: 'c', attributes: {}, children: [] }]);
  });

  it('refuses DOCTYPEs, unknown entities and mismatched tags', () => {
    assert.throws(() => parseXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), XmlSyntaxError);
    assert.throws(() => parseXml('<x>&nbsp;</x>'), XmlSyntaxError);
    assert.throws(() => parseXml('<x><y></x></y>'), XmlSyntaxError);
    assert.throws(() => parseXml('<x/><y/>'), XmlSyntaxError);
  });
});
