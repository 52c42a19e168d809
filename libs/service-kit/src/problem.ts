import { STATUS_CODES } from 'node:http';
import type { FieldProblem } from './errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  traceId: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export function problemType(code: string): string {
  return `https://shopwire.example/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

export function makeProblem(fields: {
  status: number;
  code: string;
  detail?: string;
  title?: string;
  traceId: string;
  errors?: FieldProblem[];
  extensions?: Record<string, unknown>;
}): Problem {
  const problem: Problem = {
    type: problemType(fields.code),
    title: fields.title ?? STATUS_CODES[fields.status] ?? 'Error',
    status: fields.status,
    code: fields.code,
    traceId: fields.traceId,
    ...fields.extensions,
  };
  if (fields.detail !== undefined) problem.detail = fields.detail;
  if (fields.errors !== undefined) problem.errors = fields.errors;
  return problem;
}
