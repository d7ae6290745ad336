import { pyRecordset } from './py-repr';

/**
 * Every failure the engine reports is an `OdooFault` carrying the Python exception class Odoo would
 * raise. Transports turn it into their wire form (see fault-wire.ts); nothing else is thrown on purpose.
 */
export type OdooExceptionClass =
  | 'odoo.exceptions.AccessDenied'
  | 'odoo.exceptions.AccessError'
  | 'odoo.exceptions.MissingError'
  | 'odoo.exceptions.ValidationError'
  | 'odoo.exceptions.UserError'
  | 'builtins.ValueError'
  | 'builtins.TypeError'
  | 'builtins.AttributeError'
  | 'builtins.AssertionError'
  | 'builtins.IndexError'
  | 'builtins.KeyError'
  | 'psycopg2.OperationalError'
  | 'werkzeug.exceptions.BadRequest'
  | 'werkzeug.exceptions.Unauthorized'
  | 'werkzeug.exceptions.NotFound'
  | 'werkzeug.exceptions.UnprocessableEntity';

export class OdooFault extends Error {
  readonly exceptionClass: OdooExceptionClass;

  constructor(exceptionClass: OdooExceptionClass, message: string) {
    super(message);
    this.exceptionClass = exceptionClass;
    this.name = 'OdooFault';
  }

  /** The bare class name: 'AccessError', 'ValueError', 'NotFound'. */
  get className(): string {
    return this.exceptionClass.slice(this.exceptionClass.lastIndexOf('.') + 1);
  }

  /**
   * Odoo's UserError family (UserError, ValidationError, MissingError, AccessError, AccessDenied all
   * subclass it since 13.0): errors meant for the user, shown without a traceback.
   */
  get isUserErrorFamily(): boolean {
    return this.exceptionClass.startsWith('odoo.exceptions.');
  }
}

export function isOdooFault(error: unknown): error is OdooFault {
  return error instanceof OdooFault;
}

export const faults = {
  accessDenied: (message = 'Access Denied') => new OdooFault('odoo.exceptions.AccessDenied', message),
  accessError: (message: string) => new OdooFault('odoo.exceptions.AccessError', message),
  missing: (model: string, ids: readonly number[], uid: number) =>
    new OdooFault(
      'odoo.exceptions.MissingError',
      `Record does not exist or has been deleted.\n(Record: ${pyRecordset(model, ids)}, User: ${uid})`,
    ),
  validation: (message: string) => new OdooFault('odoo.exceptions.ValidationError', message),
  user: (message: string) => new OdooFault('odoo.exceptions.UserError', message),
  value: (message: string) => new OdooFault('builtins.ValueError', message),
  type: (message: string) => new OdooFault('builtins.TypeError', message),
  attribute: (message: string) => new OdooFault('builtins.AttributeError', message),
  assertion: (message: string) => new OdooFault('builtins.AssertionError', message),
  index: (message: string) => new OdooFault('builtins.IndexError', message),
  key: (message: string) => new OdooFault('builtins.KeyError', message),
  operational: (message: string) => new OdooFault('psycopg2.OperationalError', message),
  notFound: (message: string) => new OdooFault('werkzeug.exceptions.NotFound', message),
  unprocessable: (message: string) => new OdooFault('werkzeug.exceptions.UnprocessableEntity', message),
  unauthorized: (message = 'Invalid apikey') => new OdooFault('werkzeug.exceptions.Unauthorized', message),
  badRequest: (message: string) => new OdooFault('werkzeug.exceptions.BadRequest', message),

  /** What `read` and `order` say about a field the model does not have. */
  invalidField: (model: string, field: string) => new OdooFault('builtins.ValueError', `Invalid field '${field}' on model '${model}'`),
  /** What `create` and `write` say about it (Odoo 18+ wording). */
  invalidFieldIn: (model: string, field: string) => new OdooFault('builtins.ValueError', `Invalid field '${field}' in '${model}'`),

  /**
   * A violated NOT NULL column, as `_as_validation_error` words the IntegrityError.
   */
  mandatoryFieldNotSet: (modelDescription: string, model: string, fieldLabel: string, field: string) =>
    new OdooFault(
      'odoo.exceptions.ValidationError',
      'The operation cannot be completed:\n' +
        '- Create/update: a mandatory field is not set.\n' +
        '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
        `Model: ${modelDescription} (${model})\n` +
        `Field: ${fieldLabel} (${field})\n`,
    ),

  /** A violated foreign key: a reference to a deleted or never existing record, or a restricted delete. */
  foreignKey: (modelDescription: string, model: string, constraint: string) =>
    new OdooFault(
      'odoo.exceptions.ValidationError',
      'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
        `Model: ${modelDescription} (${model})\n` +
        `Constraint: ${constraint}\n`,
    ),

  /** A violated SQL constraint declared on the model (`_sql_constraints`), with its message. */
  sqlConstraint: (message: string) => new OdooFault('odoo.exceptions.ValidationError', `The operation cannot be completed: ${message}`),
};
