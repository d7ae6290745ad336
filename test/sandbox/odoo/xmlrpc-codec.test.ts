import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseXml } from '../../../sandbox/kit';
import { PythonError } from '../../../sandbox/odoo/transport/python-error';
import { decodeValue } from '../../../sandbox/odoo/transport/xmlrpc-decode';
import { faultResponse, methodResponse, pyFloatRepr } from '../../../sandbox/odoo/transport/xmlrpc-encode';

const value = (inner: string): unknown => decodeValue(parseXml(`<value>${inner}</value>`));

describe('odoo simulator: XML-RPC values', () => {
  it('reads each type as xmlrpc.client.loads(use_datetime=True) does', () => {
    assert.equal(value('<int> 42 </int>'), 42);
    assert.equal(value('<i4>-7</i4>'), -7);
    assert.equal(value('<i8>9007199254740991</i8>'), 9007199254740991);
    assert.equal(value('<boolean>1</boolean>'), true);
    assert.equal(value('<boolean>0</boolean>'), false);
    assert.equal(value('<string> padded </string>'), ' padded ');
    assert.equal(value('plain &amp; untyped'), 'plain & untyped');
    assert.equal(value(''), '');
    assert.equal(value('<double>1250.5</double>'), 1250.5);
    assert.equal(value('<dateTime.iso8601>20261115T08:30:00</dateTime.iso8601>'), '2026-11-15 08:30:00');
    assert.equal(value('<base64>aGVs\n bG8=</base64>'), 'aGVsbG8=');
    assert.equal(value('<nil/>'), null);
    assert.equal(value('<ex:nil xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"/>'), null);
    assert.deepEqual(value('<array><data><value><int>1</int></value><value>two</value></data></array>'), [1, 'two']);
    assert.deepEqual(value('<struct><member><name>a</name><value><struct></struct></value></member></struct>'), { a: {} });
  });

  it('refuses bad scalars with Python\'s exceptions', () => {
    assert.throws(() => value('<int>4.5</int>'), (e: unknown) => e instanceof PythonError && e.message === "invalid literal for int() with base 10: '4.5'");
    assert.throws(() => value('<boolean>true</boolean>'), (e: unknown) => e instanceof PythonError && e.message === 'bad boolean value');
    assert.throws(() => value('<double>abc</double>'), (e: unknown) => e instanceof PythonError && e.message === "could not convert string to float: 'abc'");
    assert.throws(() => value('<dateTime.iso8601>20261340T08:30:00</dateTime.iso8601>'), /does not match format/);
  });

  it('writes responses byte for byte like Odoo\'s marshaller', () => {
    assert.equal(
      methodResponse({ ok: true, n: 3, amount: 0.5, names: ['a<b', 'x&y'], none: false }),
      '<?xml version="1.0"?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n' +
        '<member>\n<name>ok</name>\n<value><boolean>1</boolean></value>\n</member>\n' +
        '<member>\n<name>n</name>\n<value><int>3</int></value>\n</member>\n' +
        '<member>\n<name>amount</name>\n<value><double>0.5</double></value>\n</member>\n' +
        '<member>\n<name>names</name>\n<value><array><data>\n<value><string>a&lt;b</string></value>\n<value><string>x&amp;y</string></value>\n</data></array></value>\n</member>\n' +
        '<member>\n<name>none</name>\n<value><boolean>0</boolean></value>\n</member>\n' +
        '</struct></value>\n</param>\n</params>\n\n</methodResponse>\n',
    );
    assert.match(faultResponse({ faultCode: 2, faultString: 'x' }), /^<\?xml version="1.0"\?>\n<methodResponse>\n<fault>\n/);
    assert.match(methodResponse('bell\u0007 tab\t'), /<string>bell tab\t<\/string>/);
  });

  it('None and out-of-range ints fail as with allow_none=False', () => {
    assert.throws(() => methodResponse([1, null]), (e: unknown) => e instanceof PythonError && e.message === 'cannot marshal None unless allow_none is enabled');
    assert.throws(() => methodResponse(2 ** 31), /int exceeds XML-RPC limits/);
  });

  it('formats doubles as Python repr()', () => {
    assert.equal(pyFloatRepr(1250.5), '1250.5');
    assert.equal(pyFloatRepr(0.0001), '0.0001');
    assert.equal(pyFloatRepr(0.00001), '1e-05');
    assert.equal(pyFloatRepr(1.5e16), '1.5e+16');
    assert.equal(pyFloatRepr(-2.25), '-2.25');
  });
});
