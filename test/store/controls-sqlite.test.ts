// Run controls and reconciliations on the SQLite store (a temp file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { openStore } from '../../lib/store';
import { controlsContract } from './controls-contract';

const root = mkdtempSync(join(tmpdir(), 'mlc-controls-sqlite-'));
after(() => rmSync(root, { recursive: true, force: true }));
controlsContract('SQLite', () => openStore({ kind: 'sqlite', path: join(root, 'store.sqlite') }));
