// What package.json promises Node-RED: every node set, the file it lives in, and the type it registers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './node-red-process';

export interface NodeEntry {
  type: string;
  file: string;
  html: string;
}

export function packNodes(): NodeEntry[] {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } };
  return Object.entries(pkg['node-red'].nodes).map(([type, file]) => ({
    type,
    file: join(PROJECT_ROOT, file),
    html: join(PROJECT_ROOT, file.replace(/\.js$/, '.html')),
  }));
}

/**
 * The editor definition's fields we check: category and icon, read from the registration call
 * (RED.nodes.registerType, or mlcConfigEditor.register for config nodes built on the shared editor script).
 */
export function editorDefinition(html: string, type: string): { category?: string; icon?: string } {
  const call = new RegExp(`(?:registerType|mlcConfigEditor\\.register)\\(\\s*['"]${type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).exec(html);
  if (!call) return {};
  const body = html.slice(call.index, call.index + 4000);
  const category = /category:\s*['"]([^'"]+)['"]/.exec(body)?.[1];
  const icon = /icon:\s*['"]([^'"]+)['"]/.exec(body)?.[1];
  return { ...(category ? { category } : {}), ...(icon ? { icon } : {}) };
}

/** The config node types whose editor is built on resources/config-editor.js. */
export function sharedEditorConfigTypes(): string[] {
  return packNodes()
    .filter((n) => /mlcConfigEditor\.register\(/.test(readFileSync(n.html, 'utf8')))
    .map((n) => n.type);
}
