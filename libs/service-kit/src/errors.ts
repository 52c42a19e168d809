export interface FieldProblem {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  code: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
  // Operational errors are expected outcomes (bad input, conflicts); the rest are bugs and get logged with a stack.
  isOperational?: boolean;
  cause?: unknown;
}

/** The one error type of Shopwire: a stable code, an HTTP status, and whether it is an expected outcome. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly isOperational: boolean;

  constructor(title: string, options: AppErrorOptions) {
    super(title, { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.status = options.status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers;
    this.isOperational = options.isOperational ?? options.status < 500;
  }
}

export const notFound = (code: string, detail?: string): AppError =>
  new AppError('Not Found', { code, status: 404, detail });

export const conflict = (code: string, detail?: string): AppError =>
  new AppError('Conflict', { code, status: 409, detail });

export const badRequest = (code: string, detail?: string, errors?: FieldProblem[]): AppError =>
  new AppError('Bad Request', { code, status: 400, detail, errors });

export const unprocessable = (code: string, detail?: string): AppError =>
  new AppError('Unprocessable Content', { code, status: 422, detail });

export const unauthorized = (code = 'UNAUTHORIZED', detail?: string): AppError =>
  new AppError('Unauthorized', { code, status: 401, detail, headers: { 'www-authenticate': 'Bearer' } });

export const forbidden = (code = 'FORBIDDEN', detail?: string): AppError =>
  new AppError('Forbidden', { code, status: 403, detail });

export const unavailable = (code: string, detail?: string): AppError =>
  new AppError('Service Unavailable', { code, status: 503, detail, isOperational: true });
