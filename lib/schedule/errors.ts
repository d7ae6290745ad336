// Errors a flow can branch on by `code` (Catch nodes receive it on msg.error.code).

/** The schedule itself is wrong: every problem found, each as "field: what is wrong". */
export class ScheduleSpecError extends Error {
  readonly code = 'MLC_SCHEDULE_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`invalid schedule: ${problems.join('; ')}`);
    this.name = 'ScheduleSpecError';
  }
}

/** A run was asked for a date that is not a pay date of the calendar. */
export class PayDateError extends Error {
  readonly code = 'MLC_SCHEDULE_NOT_A_PAY_DATE';
  constructor(message: string) {
    super(message);
    this.name = 'PayDateError';
  }
}
