// The fault matrix (DESIGN.md, "The fault matrix proves it"): a flow source → mlc-map → mlc-dedup →
// <write node> → mlc-audit on an mlc-store, in a real Node-RED child process against the sandbox. For
// every call of the write node's protocol (found by a clean baseline run) each fault is injected once:
// kill -9 when the call arrives / after it committed / after the last answer, the answer cut, timed out
// or 500'd after commit, 429 until retries run out, the connection dropped before the request is read.
// Then Node-RED is restarted if it was killed (same user directory, so the same store file), the flow
// is run again, failed records are replayed, and the cell asserts: one target record per key, every key
// posted, none failed, none claimed. A write node joins with a profile (see profiles/).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { FaultSpec, RequestLogEntry, RunningSimulator } from '../../sandbox/kit';
import { requestMatches } from '../../sandbox/kit/request-match';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import type { SystemName } from '../../sandbox/systems';
import type { FlowNode } from '../support/e2e';
import { press } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { dropSchema, TEST_PG_URL, uniqueSchemaName } from '../support/postgres';
import { KNOWN_FAILING } from './known-failing';

// ---------------------------------------------------------------------------------------------------
// What a write node brings (one small file per write node under profiles/)

/** The connection limits the kit gives every config node: short, so a timeout cell takes seconds. */
export interface ConnectionLimits {
  timeoutSeconds: number;
  maxAttempts: number;
  maxRetrySeconds: number;
}

export interface ProfileContext {
  readonly sandbox: Sandbox;
  /** The simulator the write node writes to. */
  readonly target: RunningSimulator;
  /** MLC_SANDBOX_* variables, as the Node-RED process gets them. */
  readonly env: Record<string, string>;
  readonly limits: ConnectionLimits;
  /** Whatever prepare() found out (ids of seeded accounts...), for nodes() and records(). */
  readonly state: Record<string, unknown>;
}

/** The ids of the kit's own nodes that the profile's nodes wire to. */
export interface FlowIds {
  tab: string;
  store: string;
  /** The profile's mlc-map node: its output 1 goes to `dedup` (the kit wires nothing into it but the source and replay). */
  map: string;
  dedup: string;
  /** The profile's write node: both outputs go to `audit`. */
  write: string;
  audit: string;
}

/** One source record: its store key and the record as read. */
export interface SourceRecord {
  key: string;
  record: Record<string, unknown>;
}

/** How a protocol call is told from the others: the fault that hits it matches `method` and `path`. */
export interface ProtocolStep {
  /** Stable name, e.g. `account.move.create` or `POST org-levels`: cell names and KNOWN_FAILING use it. */
  label: string;
  method: string;
  path: RegExp;
}

export interface WriteNodeProfile {
  /** Short id, used in cell names: `odoo-journal`. */
  id: string;
  /** What is written, for the suite title. */
  title: string;
  /** The sandbox system the write node writes to. */
  system: SystemName;
  /** Once per sandbox: look up ids of seeded data the mapping needs. */
  prepare?(ctx: ProfileContext): Promise<void>;
  /** The profile's nodes: its config node(s), the map node `ids.map` and the write node `ids.write`. */
  nodes(ctx: ProfileContext, ids: FlowIds): FlowNode[];
  /** flows_cred.json of the profile's config nodes (`${MLC_SANDBOX_...}` values). */
  credentials(ctx: ProfileContext, ids: FlowIds): Record<string, Record<string, string>>;
  /** After every sandbox reset, before the run: target records the run will find (to archive, to update...). */
  seed?(ctx: ProfileContext, tag: string): Promise<void>;
  /** The run's records; keys must be unique per tag (the store is not reset between cells). */
  records(ctx: ProfileContext, tag: string): SourceRecord[];
  /** Whether a logged request to the target belongs to the write protocol. */
  isProtocolCall(entry: RequestLogEntry): boolean;
  /** The step a protocol call is, for matching faults to it. */
  step(entry: RequestLogEntry): ProtocolStep;
  /** How many target records each key has, asked of the sandbox (through its API). */
  targetCounts(ctx: ProfileContext, records: SourceRecord[]): Promise<Record<string, number>>;
  /** Anything else that must hold after a cell (posted, archived...): problems, one line each. */
  verify?(ctx: ProfileContext, records: SourceRecord[]): Promise<string[]>;
}

// ---------------------------------------------------------------------------------------------------
// Faults

/** The profile's mlc-map node: its rules, and the wiring every profile shares (one record per message, rejections kept). */
export function mapNode(ids: FlowIds, name: string, rules: unknown[]): FlowNode {
  return {
    id: ids.map,
    type: 'mlc-map',
    name,
    specFrom: 'node',
    rules,
    keep: false,
    keyExpression: '',
    outputMode: 'batch',
    tables: [],
    lookupsFrom: false,
    contextTables: '',
    store: ids.store,
    wires: [[ids.dedup], []],
  };
}

export const FAULTS = [
  'kill-on-arrival',
  'kill-after-commit',
  'kill-after-last-answer',
  'cut-after-commit',
  'timeout-after-commit',
  '500-after-commit',
  '429-until-retries-run-out',
  'drop-before-read',
] as const;
export type FaultName = (typeof FAULTS)[number];
export const KILL_FAULTS: readonly FaultName[] = ['kill-on-arrival', 'kill-after-commit', 'kill-after-last-answer'];
export const ANSWER_FAULTS: readonly FaultName[] = ['cut-after-commit', 'timeout-after-commit', '500-after-commit', '429-until-retries-run-out', 'drop-before-read'];

export const DEFAULT_LIMITS: ConnectionLimits = { timeoutSeconds: 1.5, maxAttempts: 3, maxRetrySeconds: 6 };

interface StepAt extends ProtocolStep {
  /** 0-based position in the protocol. */
  index: number;
  /** How many earlier calls of the protocol had the same label. */
  occurrence: number;
  /**
   * How many earlier calls of the protocol the step's method and path also match: the fault's `skip`.
   * The same as `occurrence` when paths tell the calls apart (JSON-2, REST); the position among all
   * calls when they share one endpoint (XML-RPC's /xmlrpc/2/object).
   */
  skip: number;
}

export interface Cell {
  name: string;
  fault: FaultName;
  step: StepAt;
}

function cellName(prefix: string, fault: FaultName, step: StepAt): string {
  return `${prefix}: ${fault} at ${step.label}${step.occurrence > 0 ? ` (call ${step.occurrence + 1})` : ''}`;
}

/** The sandbox fault that makes the cell, or none (kill after the last answer only watches the log). */
function faultSpecFor(fault: FaultName, step: StepAt, limits: ConnectionLimits): FaultSpec | undefined {
  const match = { method: step.method, path: step.path, ...(step.skip > 0 ? { skip: step.skip } : {}) };
  switch (fault) {
    case 'kill-on-arrival':
      return { kind: 'hang', closeAfterMs: 60_000, ...match };
    case 'kill-after-commit':
      return { kind: 'hang', afterCommit: true, closeAfterMs: 60_000, ...match };
    case 'kill-after-last-answer':
      return undefined;
    case 'cut-after-commit':
      return { kind: 'drop', afterCommit: true, ...match };
    case 'timeout-after-commit':
      return { kind: 'hang', afterCommit: true, closeAfterMs: limits.timeoutSeconds * 1000 * (limits.maxAttempts + 2), ...match };
    case '500-after-commit':
      return { kind: 'status', status: 500, afterCommit: true, body: { error: 'internal', message: 'fault matrix: 500 after commit' }, ...match };
    case '429-until-retries-run-out':
      return { kind: 'status', status: 429, retryAfter: 0, times: limits.maxAttempts, ...match };
    case 'drop-before-read':
      return { kind: 'drop', ...match };
  }
}

// ---------------------------------------------------------------------------------------------------
// The flow around the write node

const IDS: FlowIds = { tab: 'fm-tab', store: 'fm-store', map: 'fm-map', dedup: 'fm-dedup', write: 'fm-write', audit: 'fm-audit' };
const RUN_INJECT = 'fm-run';
const REPLAY = 'fm-replay';
const TALLY_PATH = '/fm-tally';

export type StoreChoice = { kind: 'sqlite' } | { kind: 'postgres'; connectionString: string; schema: string };

/**
 * inject (records as JSON) → function (one message per record, msg.mlc.key, msg.fmPress) → profile's
 * map → dedup → profile's write → audit. Audit's output, dedup's duplicates and replay's summary go to
 * a tally in flow context, read over HTTP, so the kit knows when a run is through without sleeping.
 */
export function buildFlow<C>(profile: { id: string; nodes(ctx: C, ids: FlowIds): FlowNode[] }, ctx: C, store: StoreChoice): FlowNode[] {
  const z = IDS.tab;
  const tally = 'fm-tally';
  return [
    { id: z, type: 'tab', label: `fault matrix: ${profile.id}` },
    store.kind === 'sqlite'
      ? { id: IDS.store, type: 'mlc-store', name: 'fault matrix store', backend: 'sqlite', path: '', connectionString: '', schema: '', poolSize: 5 }
      : { id: IDS.store, type: 'mlc-store', name: 'fault matrix store', backend: 'postgres', path: '', connectionString: store.connectionString, schema: store.schema, poolSize: 5 },
    { id: RUN_INJECT, type: 'inject', z, name: 'run', props: [{ p: 'payload' }], payload: '{}', payloadType: 'json', repeat: '', once: false, wires: [['fm-source']] },
    {
      id: 'fm-source',
      type: 'function',
      z,
      name: 'fixed records',
      func: [
        'const { records, runId, press } = msg.payload;',
        'for (const r of records) node.send({ payload: r.record, mlc: { key: r.key, runId }, fmPress: press });',
        'return null;',
      ].join('\n'),
      outputs: 1,
      wires: [[IDS.map]],
    },
    ...profile.nodes(ctx, IDS).map((node) => ({ z, ...node })),
    { id: IDS.dedup, type: 'mlc-dedup', z, store: IDS.store, staleMinutes: 10, wires: [[IDS.write], [tally]] },
    { id: IDS.audit, type: 'mlc-audit', z, store: IDS.store, mode: 'auto', wires: [[tally]] },
    { id: REPLAY, type: 'mlc-replay', z, store: IDS.store, scope: 'all', runId: '', pageSize: 200, wires: [[IDS.map], [tally]] },
    {
      id: tally,
      type: 'function',
      z,
      name: 'tally',
      func: [
        "const t = flow.get('fmTally') || { replayed: 0, summaries: 0 };",
        "if (msg.topic === 'mlc/replay' && msg.payload && typeof msg.payload.replayed === 'number') {",
        '  t.replayed += msg.payload.replayed; t.summaries += 1;',
        '} else {',
        "  const k = msg.fmPress || 'replay';",
        '  t[k] = (t[k] || 0) + 1;',
        '}',
        "flow.set('fmTally', t);",
        'return null;',
      ].join('\n'),
      outputs: 1,
      wires: [[]],
    },
    { id: 'fm-tally-in', type: 'http in', z, url: TALLY_PATH, method: 'get', wires: [['fm-tally-read']] },
    { id: 'fm-tally-read', type: 'function', z, func: "msg.payload = flow.get('fmTally') || { replayed: 0, summaries: 0 };\nreturn msg;", outputs: 1, wires: [['fm-tally-out']] },
    { id: 'fm-tally-out', type: 'http response', z, statusCode: '', headers: {}, wires: [] },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Running cells

export type Tally = Record<string, number> & { replayed: number; summaries: number };

export interface CellResult {
  cell: string;
  fault: FaultName;
  step: string;
  ok: boolean;
  /** One line: what was wrong, or what the cell saw. */
  evidence: string;
  ms: number;
}

interface Harness {
  profile: WriteNodeProfile;
  ctx: ProfileContext;
  flows: FlowNode[];
  credentials: Record<string, Record<string, string>>;
  /** One Node-RED, or two sharing a PostgreSQL store; each keeps its user directory across restarts. */
  instances: Instance[];
  store: Store;
  /** Set after a restart: the next cell warms the write node's caches first, so its protocol is the baseline's. */
  cold: boolean;
  tagSeq: number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Instance {
  userDir: string;
  nr: RunningNodeRed;
}

async function startNr(h: Pick<Harness, 'flows' | 'credentials' | 'ctx'>, userDir: string): Promise<RunningNodeRed> {
  return startNodeRed('node-red', h.flows, { credentials: h.credentials, env: h.ctx.env, userDir });
}

/** What the run helpers need of a harness: the Node-RED instance(s) running the kit's flow. */
export type Running = Pick<Harness, 'instances'>;

function nrOf(h: Running, at: number): RunningNodeRed {
  const instance = h.instances[at];
  if (!instance) throw new Error(`no Node-RED instance ${at}`);
  return instance.nr;
}

export async function tally(h: Running, at = 0): Promise<Tally> {
  const res = await fetch(`${nrOf(h, at).url}${TALLY_PATH}`);
  if (!res.ok) throw new Error(`tally: ${res.status}`);
  return (await res.json()) as Tally;
}

/** Waits until `done` holds for the tally; false (not an error) when it does not within the time. */
export async function waitTally(h: Running, done: (t: Tally) => boolean, timeoutMs: number, at = 0): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (done(await tally(h, at))) return true;
    } catch {
      // Node-RED still starting its flows
    }
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}

export async function pressRun(h: Running, records: SourceRecord[], runId: string, pressId: string, at = 0): Promise<void> {
  await press(nrOf(h, at), RUN_INJECT, { __user_inject_props__: [{ p: 'payload', v: JSON.stringify({ records, runId, press: pressId }), vt: 'json' }] });
}

/** Runs the records through the flow and waits until each came out of audit or out of dedup as duplicate/in progress. */
export async function runThrough(h: Running, records: SourceRecord[], runId: string, pressId: string, at = 0, timeoutMs = 30_000): Promise<boolean> {
  await pressRun(h, records, runId, pressId, at);
  return waitTally(h, (t) => (t[pressId] ?? 0) >= records.length, timeoutMs, at);
}

export async function replayFailed(h: Running, keyPrefix: string, at = 0, timeoutMs = 30_000): Promise<{ replayed: number; through: boolean }> {
  const before = await tally(h, at);
  const res = await fetch(`${nrOf(h, at).url}/mlc-replay/${REPLAY}/replay`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ keyPrefix }),
  });
  assert.equal(res.status, 200, `replay: ${res.status} ${await res.text()}`);
  let replayed = 0;
  const through = await waitTally(
    h,
    (t) => {
      if (t.summaries <= before.summaries) return false;
      replayed = t.replayed - before.replayed;
      return (t['replay'] ?? 0) - (before['replay'] ?? 0) >= replayed;
    },
    timeoutMs,
    at,
  );
  return { replayed, through };
}

async function waitForLog(target: RunningSimulator, sinceSeq: number, test: (e: RequestLogEntry) => boolean, timeoutMs: number): Promise<RequestLogEntry | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = target.log.entries({ sinceSeq }).find(test);
    if (hit) return hit;
    if (Date.now() > deadline) return undefined;
    await sleep(10);
  }
}

function protocolCalls(h: Harness, sinceSeq: number): RequestLogEntry[] {
  return h.ctx.target.log.entries({ sinceSeq }).filter((e) => h.profile.isProtocolCall(e));
}

/**
 * The target's data back to its seed, plus the profile's own seed. The store is not reset: every cell
 * has keys of its own, so the store file of a long-running Node-RED is what the cells run on. Tokens
 * and sessions already issued stay valid: were they dropped, the first call(s) of every run would be
 * refused 401 and sent again with a new token, and how many of the calls in flight meet the 401 is a
 * matter of timing, so the protocol (and which call a fault's `skip` lands on) would change from run
 * to run.
 */
async function resetTarget(h: Harness, tag: string): Promise<void> {
  h.ctx.target.reset({ keepSessions: true });
  await h.profile.seed?.(h.ctx, tag);
}

function nextTag(h: Harness, what: string): string {
  h.tagSeq += 1;
  return `${what}${h.tagSeq}`;
}

/** A throwaway run after a (re)start, so client caches (field types...) are warm as in the baseline. */
async function warmUp(h: Harness): Promise<void> {
  if (!h.cold) return;
  const tag = nextTag(h, 'w');
  await resetTarget(h, tag);
  await runThrough(h, h.profile.records(h.ctx, tag), `fm-${tag}`, `${tag}:warm`);
  h.cold = false;
}

/** What must hold after a cell: problems found, one per line; empty when the cell passed. */
async function check(h: Harness, records: SourceRecord[]): Promise<string[]> {
  const problems: string[] = [];
  const counts = await h.profile.targetCounts(h.ctx, records);
  const wrongCounts = Object.entries(counts).filter(([, n]) => n !== 1);
  if (wrongCounts.length > 0) problems.push(`target records per key: ${wrongCounts.map(([k, n]) => `${shortKey(k)}=${n}`).join(', ')}`);
  problems.push(...(await storeProblems(h.store, records)));
  problems.push(...((await h.profile.verify?.(h.ctx, records)) ?? []));
  return problems;
}

/** Every key posted in the store (none failed, none left claimed): one problem line, or none. */
export async function storeProblems(store: Store, records: readonly SourceRecord[]): Promise<string[]> {
  const statuses: string[] = [];
  for (const { key } of records) {
    const row = await store.get(key);
    if (row?.status !== 'posted') statuses.push(`${shortKey(key)}=${row?.status ?? 'missing'}${row?.error ? ` (${row.error.message.slice(0, 140)})` : ''}`);
  }
  return statuses.length > 0 ? [`store not posted: ${statuses.join(', ')}`] : [];
}

function shortKey(key: string): string {
  return key.split(':').slice(-1)[0] ?? key;
}

async function runCell(h: Harness, cell: Cell): Promise<CellResult> {
  const started = Date.now();
  const notes: string[] = [];
  // A cell whose restart failed leaves its instance dead; the next cell starts it again rather than fail too.
  for (const instance of h.instances) {
    if (instance.nr.alive()) continue;
    instance.nr = await startNr(h, instance.userDir);
    h.cold = true;
  }
  await warmUp(h);
  const tag = nextTag(h, 'c');
  await resetTarget(h, tag);
  const records = h.profile.records(h.ctx, tag);
  const runId = `fm-${tag}`;
  const target = h.ctx.target;
  const mark = target.log.lastSeq;
  const spec = faultSpecFor(cell.fault, cell.step, h.ctx.limits);
  if (spec) target.faults.add(spec);

  if (KILL_FAULTS.includes(cell.fault)) {
    await pressRun(h, records, runId, `${tag}:run`);
    const landed =
      cell.fault === 'kill-after-last-answer'
        ? await waitForLog(target, mark, (e) => h.profile.isProtocolCall(e) && sameStep(h.profile.step(e), cell.step) && e.outcome === 'answered' && occurrenceOf(h, mark, e) === cell.step.occurrence, 30_000)
        : await waitForLog(target, mark, (e) => e.outcome === 'hung', 30_000);
    const killed = h.instances[0]!;
    await killed.nr.kill();
    target.faults.clear();
    if (!landed) notes.push('the kill point was never reached');
    killed.nr = await startNr(h, killed.userDir);
    h.cold = true;
  } else {
    const through = await runThrough(h, records, runId, `${tag}:run`);
    if (!through) notes.push('first run not through in 30 s');
    // A 429 fault may be left partly unused when the client gives up sooner; untouched means the cell tested nothing.
    if (target.faults.pending().some((p) => p.toSkip > 0 || p.remaining === (p.spec.times ?? 1))) notes.push('the fault was never hit');
    target.faults.clear();
  }

  // With two instances the other one runs the same records first: it must neither post them twice nor
  // wait for ever on the first one's claims.
  if (h.instances.length > 1 && !(await runThrough(h, records, runId, `${tag}:rerun-b`, 1))) notes.push('rerun on the second instance not through in 30 s');
  const rerun = await runThrough(h, records, runId, `${tag}:rerun`);
  if (!rerun) notes.push('rerun not through in 30 s');
  const replay = await replayFailed(h, `${keyPrefixOf(records)}`);
  if (!replay.through) notes.push('replay not through in 30 s');
  const problems = await check(h, records).catch((err: unknown) => [`check failed: ${err instanceof Error ? err.message : String(err)}`]);
  const evidence = [...problems, ...notes].join('; ') || `ok (replayed ${replay.replayed})`;
  return { cell: cell.name, fault: cell.fault, step: cell.step.label, ok: problems.length === 0 && notes.length === 0, evidence, ms: Date.now() - started };
}

function sameStep(a: ProtocolStep, b: ProtocolStep): boolean {
  return a.label === b.label;
}

function occurrenceOf(h: Harness, sinceSeq: number, entry: RequestLogEntry): number {
  const label = h.profile.step(entry).label;
  return protocolCalls(h, sinceSeq).filter((e) => e.seq < entry.seq && h.profile.step(e).label === label).length;
}

export function keyPrefixOf(records: SourceRecord[]): string {
  const first = records[0]?.key ?? '';
  return first.slice(0, first.lastIndexOf(':') + 1);
}

/** The protocol as a clean run shows it: each call with its label and occurrence. */
function stepsOf(h: Harness, calls: RequestLogEntry[]): StepAt[] {
  const seen = new Map<string, number>();
  return calls.map((entry, index) => {
    const step = h.profile.step(entry);
    const occurrence = seen.get(step.label) ?? 0;
    seen.set(step.label, occurrence + 1);
    const skip = calls.slice(0, index).filter((earlier) => requestMatches(step, earlier.method, earlier.path)).length;
    return { ...step, index, occurrence, skip };
  });
}

// ---------------------------------------------------------------------------------------------------
// The suite

export interface MatrixOptions {
  /** Which faults this file runs (a profile's matrix is split over files to stay within the per-file timeout). */
  faults: readonly FaultName[];
  /**
   * `sqlite` (default): one Node-RED, the store file in its user directory. `postgres`: two Node-RED
   * instances on one PostgreSQL store (a schema of their own); the kill hits the first, the second
   * reruns the records before the first, restarted, reruns and replays them.
   */
  store?: 'sqlite' | 'postgres';
  /** PostgreSQL server for `store: 'postgres'` (default the tests' one, see test/support/postgres.ts). */
  postgresUrl?: string;
  limits?: ConnectionLimits;
}

const results: CellResult[] = [];

/**
 * Registers one suite: starts the sandbox and Node-RED, finds the write protocol with a clean run, then
 * one test per (fault, step). Cells listed in KNOWN_FAILING run with `todo`: they report, not fail.
 */
export function faultMatrix(profile: WriteNodeProfile, options: MatrixOptions): void {
  const postgres = options.store === 'postgres';
  const variant = postgres ? '/pg2' : '';
  const title = `fault matrix: ${profile.title}${postgres ? ' (PostgreSQL store, two Node-RED instances)' : ''}`;
  describe(title, { timeout: 900_000 }, async () => {
    const limits = options.limits ?? DEFAULT_LIMITS;
    const sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const target = sandbox.get(profile.system);
    assert.ok(target, `${profile.system} has no simulator`);
    const ctx: ProfileContext = { sandbox, target, env: sandbox.environment(), limits, state: {} };
    const userDirs = Array.from({ length: postgres ? 2 : 1 }, (_, i) => mkdtempSync(join(tmpdir(), `mlc-fm-${profile.id}-${i}-`)));
    const schema = postgres ? uniqueSchemaName('mlc_fm') : '';
    const pgUrl = options.postgresUrl ?? TEST_PG_URL;
    const h = { profile, ctx, cold: true, tagSeq: 0, instances: [] as Instance[] } as Harness;
    after(async () => {
      printResults(`${profile.id}${variant}`);
      await h.store?.close();
      for (const instance of h.instances) await instance.nr.stop();
      await sandbox.close();
      for (const dir of userDirs) rmSync(dir, { recursive: true, force: true });
      if (postgres) await dropSchema(schema, pgUrl).catch(() => undefined);
    });
    await profile.prepare?.(ctx);
    h.flows = buildFlow(profile, ctx, postgres ? { kind: 'postgres', connectionString: pgUrl, schema } : { kind: 'sqlite' });
    h.credentials = profile.credentials(ctx, IDS);
    // The first opens (and migrates) the store before the second starts.
    for (const userDir of userDirs) h.instances.push({ userDir, nr: await startNr(h, userDir) });
    h.store = await openStore(postgres ? { kind: 'postgres', connectionString: pgUrl, schema } : { kind: 'sqlite', path: join(userDirs[0]!, 'mlc-store.sqlite') });

    // The baseline: a clean run after a warm-up shows the protocol, and must itself pass.
    await warmUp(h);
    const tag = nextTag(h, 'b');
    await resetTarget(h, tag);
    const records = profile.records(ctx, tag);
    const mark = target.log.lastSeq;
    const through = await runThrough(h, records, `fm-${tag}`, `${tag}:run`);
    const calls = protocolCalls(h, mark);
    const steps = stepsOf(h, calls);
    const baselineProblems = through ? await check(h, records) : ['the clean run did not come through in 30 s'];
    // A refused call is no step of the protocol: it depends on the client's auth state and on timing.
    const refused = calls.filter((e) => e.status === 401 || e.status === 403).map((e) => `${e.method} ${e.path} answered ${e.status}`);

    it(`${profile.id}${variant}: clean run (protocol: ${steps.map((s) => s.label).join(' → ')})`, () => {
      assert.ok(steps.length > 0, 'the write node made no protocol call');
      assert.deepEqual(refused, [], 'the clean run had calls refused for their credentials: the protocol would depend on auth state and timing');
      assert.deepEqual(baselineProblems, []);
    });

    for (const fault of options.faults) {
      const at = fault === 'kill-after-last-answer' ? steps.slice(-1) : steps;
      for (const step of at) {
        const cell: Cell = { name: cellName(`${profile.id}${variant}`, fault, step), fault, step };
        const known = KNOWN_FAILING.get(cell.name);
        it(cell.name, known ? { todo: known } : {}, async () => {
          const result = await runCell(h, cell);
          results.push(result);
          assert.ok(result.ok, result.evidence);
        });
      }
    }
  });
}

function printResults(prefix: string): void {
  const mine = results.filter((r) => r.cell.startsWith(`${prefix}:`));
  if (mine.length === 0) return;
  const lines = mine.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${r.cell} (${(r.ms / 1000).toFixed(1)} s): ${r.evidence}`);
  // One block per file, so a run's log shows the whole matrix at a glance.
  console.log(`fault matrix ${prefix}:\n${lines.join('\n')}`);
}
