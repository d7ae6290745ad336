import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SandboxClock, WebhookDispatcher, type WebhookEnvelope, type WebhookMessageBase, type WebhookTargetBase } from '../../sandbox/kit';

interface Target extends WebhookTargetBase {
  token: string;
}

interface Message extends WebhookMessageBase {
  targetId: string;
  event: string;
}

/** Every POST (headers and body) in arrival order; answers the queued statuses, then 200. */
const posts: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
let statuses: number[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    posts.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.statusCode = statuses.shift() ?? 200;
    res.end();
  });
});

function dispatcher(options: { retryDelaysMs?: number[]; expectContinue?: boolean } = {}): WebhookDispatcher<Target, Message> {
  const clock = new SandboxClock();
  clock.set('2026-12-01T10:00:00Z');
  return new WebhookDispatcher<Target, Message>({
    clock: () => clock,
    formatTime: (ms) => new Date(ms).toISOString(),
    targetIdPrefix: 'hook',
    retryDelaysMs: options.retryDelaysMs ?? [],
    expectContinue: options.expectContinue ?? false,
    headers: (message, target) => ({ 'content-type': 'application/json', 'x-token': target.token, 'x-event': message.event }),
  });
}

const build = (event: string, body: string) => (target: Target, envelope: WebhookEnvelope): Message => ({ ...envelope, targetId: target.id, event, body });

describe('sandbox kit: WebhookDispatcher', () => {
  let url: string;
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  beforeEach(() => {
    posts.length = 0;
    statuses = [];
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs the body with the headers built for each matching target, and logs one message per target', async () => {
    const hooks = dispatcher();
    const all = hooks.addTarget((id) => ({ id, url, token: 'a' }));
    const filtered = hooks.addTarget((id) => ({ id, url, token: 'b', events: ['other'] }));
    assert.deepEqual([all.id, filtered.id], ['hook-1', 'hook-2']);
    const sent = await hooks.dispatch('created', build('created', '{"n":1}'));
    assert.deepEqual(sent.map((message) => [message.messageId, message.targetId, message.status]), [[1, 'hook-1', 'delivered']]);
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.body, '{"n":1}');
    assert.equal(posts[0]?.headers['x-token'], 'a');
    assert.equal(posts[0]?.headers['x-event'], 'created');
    assert.equal(posts[0]?.headers['content-length'], '7');
    assert.equal(posts[0]?.headers.expect, undefined);
    assert.deepEqual(sent[0]?.attempts, [{ copy: 1, attempt: 1, at: '2026-12-01T10:00:00.000Z', status: 200 }]);
    await hooks.dispatch('other', build('other', '{}'));
    assert.deepEqual(hooks.messages({ targetId: 'hook-2' }).map((message) => message.event), ['other']);
    assert.deepEqual(hooks.messages({ event: 'other' }).map((message) => message.targetId), ['hook-1', 'hook-2']);
  });

  it('retries on the schedule, marks the message failed after the last try, and resend sends one more copy', async () => {
    const hooks = dispatcher({ retryDelaysMs: [5, 10] });
    hooks.addTarget((id) => ({ id, url, token: 't' }));
    statuses = [500, 502, 503];
    const [failed] = await hooks.dispatch('created', build('created', '{}'));
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(failed?.attempts.map((attempt) => attempt.status), [500, 502, 503]);
    const resent = await hooks.resend(failed?.messageId ?? 0);
    assert.equal(resent.status, 'delivered');
    assert.deepEqual(resent.attempts.at(-1), { copy: 2, attempt: 1, at: '2026-12-01T10:00:00.000Z', status: 200 });
    await assert.rejects(hooks.resend(99), /no webhook message 99/);
    hooks.clearTargets();
    await assert.rejects(hooks.resend(1), /webhook target hook-1 is gone/);
  });

  it('drop logs without sending, duplicate sends twice, and defaults apply unless a dispatch overrides them', async () => {
    const hooks = dispatcher();
    hooks.addTarget((id) => ({ id, url, token: 't' }));
    hooks.setDefaults({ drop: true });
    assert.deepEqual(hooks.defaults(), { drop: true });
    const [dropped] = await hooks.dispatch('created', build('created', '{"n":1}'));
    assert.deepEqual([dropped?.status, dropped?.copies, dropped?.attempts.length], ['dropped', 0, 0]);
    const [twice] = await hooks.dispatch('created', build('created', '{"n":2}'), { drop: false, duplicate: true });
    assert.deepEqual([twice?.status, twice?.copies], ['delivered', 2]);
    assert.deepEqual(posts.map((post) => post.body), ['{"n":2}', '{"n":2}']);
    assert.deepEqual(hooks.messages({ status: 'dropped' }).map((message) => message.messageId), [1]);
  });

  it('sends expect: 100-continue and the body after the answer to it', async () => {
    const hooks = dispatcher({ expectContinue: true });
    hooks.addTarget((id) => ({ id, url, token: 't' }));
    const [message] = await hooks.dispatch('created', build('created', '{"n":3}'));
    assert.equal(message?.status, 'delivered');
    assert.equal(posts[0]?.headers.expect, '100-continue');
    assert.equal(posts[0]?.body, '{"n":3}');
  });

  it('reset wakes a delayed delivery, which gives up; targets, log, defaults and ids start over', async () => {
    const hooks = dispatcher();
    hooks.addTarget((id) => ({ id, url, token: 't' }));
    hooks.setDefaults({ duplicate: true });
    const pending = hooks.dispatch('created', build('created', '{}'), { delayMs: 600_000 });
    hooks.reset();
    await pending;
    await hooks.idle();
    assert.equal(posts.length, 0);
    assert.deepEqual([hooks.targets(), hooks.messages(), hooks.defaults()], [[], [], {}]);
    assert.equal(hooks.addTarget((id) => ({ id, url, token: 't' })).id, 'hook-1');
    const [first] = await hooks.dispatch('created', build('created', '{}'));
    assert.deepEqual([first?.messageId, first?.copies], [1, 1]);
  });
});
