/**
 * The one error type of the application. `code` is stable (clients and tests match on it),
 * `status` is the HTTP status the error maps to, `message` tells a person what to do, and
 * `field` names the input at fault when there is one.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: { field?: string; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get field(): string | undefined {
    return this.details.field;
  }
}

/** One problem with one input field, as collected by validators before they throw. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** A validation failure listing every field at fault (400). */
export class ValidationError extends AppError {
  constructor(readonly problems: FieldProblem[]) {
    const first = problems[0];
    super(
      'validation_failed',
      400,
      problems.length === 1 && first ? first.message : `${problems.length} fields are invalid: ${problems.map((p) => p.field).join(', ')}`,
      { field: first?.field, problems },
    );
  }
}

export const notFound = (what: string, id: string | number): AppError =>
  new AppError('not_found', 404, `${what} ${JSON.stringify(String(id))} was not found`);

export const conflict = (code: string, message: string, details: Record<string, unknown> = {}): AppError =>
  new AppError(code, 409, message, details);
