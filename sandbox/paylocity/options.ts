import { z } from 'zod';
import type { DateOutputFormat } from './wire/dates';

/**
 * The facts the notes leave open (F.2), each a choice a test can make. Defaults are the sandbox's best
 * guess; sandbox/README.md lists them.
 */
export interface WireOptions {
  /**
   * `GET .../employees/{employeeId}`: both specs type the answer as an array of one employee; the live
   * API is believed to send the object itself. Default `object`.
   */
  employeeGetShape: 'object' | 'array';
  /** Which `{checkDate}` path formats are accepted. Default `iso` (`2026-11-13`); `us` is `11-13-2026`. */
  checkDatePath: 'iso' | 'us' | 'either';
  /** How dates go out. Default `datetime` (`2026-11-13T00:00:00`). */
  dateOutput: DateOutputFormat;
  /** Largest page served; a bigger `pagesize` is cut to it without a word. Default none (null). */
  maxPageSize: number | null;
  /** Dotted paths the company's New Hire Template requires on `POST .../employees`. */
  newHireRequired: string[];
}

export const DEFAULT_NEW_HIRE_REQUIRED: readonly string[] = [
  'firstName',
  'lastName',
  'status.hireDate',
  'departmentPosition.costCenter1',
  'primaryPayRate.payType',
  'primaryPayRate.payFrequency',
];

export function defaultWireOptions(): WireOptions {
  return { employeeGetShape: 'object', checkDatePath: 'iso', dateOutput: 'datetime', maxPageSize: null, newHireRequired: [...DEFAULT_NEW_HIRE_REQUIRED] };
}

/** What `POST /__sandbox/options` takes: any subset, strictly (a typo is a 400, not a silent no-op). */
export const wireOptionsPatch = z.strictObject({
  employeeGetShape: z.enum(['object', 'array']).optional(),
  checkDatePath: z.enum(['iso', 'us', 'either']).optional(),
  dateOutput: z.enum(['datetime', 'date', 'us']).optional(),
  maxPageSize: z.number().int().positive().nullable().optional(),
  newHireRequired: z.array(z.string().min(1)).optional(),
});

export type WireOptionsPatch = z.infer<typeof wireOptionsPatch>;
