import type { Env } from '../env';
import type { Row } from '../fields';
import { DRAFT_LABEL } from './move-types';

/**
 * `_get_move_display_name(show_ref=True)`: "Draft Bill (* 12)" before posting, the number after,
 * followed by the reference in parentheses.
 */
export function moveDisplayName(row: Row, _env: Env): string {
  let name = '';
  if (row['state'] === 'draft') name += `${DRAFT_LABEL[String(row['move_type'])] ?? 'Draft Entry'} `;
  const number = row['name'];
  name += typeof number === 'string' && number !== '' && number !== '/' ? number : `(* ${row.id})`;
  const ref = row['ref'];
  return typeof ref === 'string' && ref !== '' ? `${name} (${shorten(ref, 50)})` : name;
}

/** Python's textwrap.shorten: collapse whitespace, then cut whole words to fit with " [...]". */
export function shorten(text: string, width: number): string {
  const collapsed = text.trim().split(/\s+/).join(' ');
  if (collapsed.length <= width) return collapsed;
  const placeholder = ' [...]';
  const words = collapsed.split(' ');
  let kept = '';
  for (const word of words) {
    const next = kept ? `${kept} ${word}` : word;
    if (next.length + placeholder.length > width) break;
    kept = next;
  }
  return kept ? `${kept}${placeholder}` : placeholder.trim();
}
