import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { OpenAPIBackend, SetMatchType, ValidationContext, type Operation } from 'openapi-backend';

/** One answer as a client received it; `body` is undefined when it was not read (a stream, a HEAD). */
export interface ReceivedResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  body: string | undefined;
}

type Json = Record<string, unknown>;
interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json$/;
// The API's own paths; what else a gateway answers (health, metrics, the docs) is for operators, not in the document.
const API_PATH = /^\/(?:api|\.well-known)\//;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const MAX_LISTED_ERRORS = 5;

const mediaTypeOf = (headers: Headers): string =>
  (headers.get('content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
const describe = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? [])
    .slice(0, MAX_LISTED_ERRORS)
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    )
    .join('; ');

/**
 * The document as the validator reads it: operations get an id (the validator keys its schemas by it), and each
 * response's JSON media type (application/problem+json for errors) is also offered as application/json, the only one
 * whose schema it validates. Which media type a response must have is checked against the document itself.
 */
function forValidation(document: Json): Json {
  const copy = structuredClone(document);
  // The validator reads OpenAPI 3.0; the 3.1 `webhooks` (what webhook-service sends partners) are no answer of the API.
  if (copy.webhooks) {
    delete copy.webhooks;
    copy.openapi = '3.0.3';
  }
  for (const [path, item] of Object.entries((copy.paths ?? {}) as Record<string, Record<string, Json>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      operation.operationId = `${method.toUpperCase()} ${path}`;
      for (const response of Object.values((operation.responses ?? {}) as Record<string, ResponseObject>)) {
        const jsonType = Object.keys(response.content ?? {}).find((type) => JSON_MEDIA_TYPE.test(type));
        if (response.content && jsonType && !response.content['application/json'])
          response.content['application/json'] = response.content[jsonType] ?? {};
      }
    }
  }
  return copy;
}

function documentedResponse(responses: Record<string, ResponseObject>, status: number): ResponseObject | undefined {
  return responses[String(status)] ?? responses[`${Math.floor(status / 100)}XX`] ?? responses.default;
}

/**
 * A merged OpenAPI document as a contract for the answers of the API: each must have a status its operation
 * documents, that status's media type, a body its schema accepts, and documented headers that hold to their schemas.
 * A path no operation has must be answered by a 404 problem. Validation is openapi-backend's (AJV underneath).
 */
export class ResponseContract {
  private constructor(
    private readonly document: Json,
    private readonly api: OpenAPIBackend,
    private readonly problem: ValidateFunction,
  ) {}

  static async of(document: Json): Promise<ResponseContract> {
    const api = new OpenAPIBackend({
      definition: forValidation(document) as ConstructorParameters<typeof OpenAPIBackend>[0]['definition'],
      // An invalid document fails here, rather than as a stream of odd mismatches.
      strict: true,
      customizeAjv: (ajv) => {
        addFormats(ajv);
        return ajv;
      },
    });
    await api.init();
    const problemSchema = (api.definition as { components?: { schemas?: Json } }).components?.schemas?.Problem;
    if (!problemSchema) throw new Error('the document has no components.schemas.Problem');
    return new ResponseContract(
      document,
      api,
      api.validator.getAjv(ValidationContext.Response).compile(problemSchema as object),
    );
  }

  /** What is wrong with a response by the document; nothing when it keeps to it, or its path is outside the API. */
  mismatches(response: ReceivedResponse): string[] {
    const { pathname, searchParams } = new URL(response.url);
    if (!API_PATH.test(pathname)) return [];
    const at = `${response.method} ${pathname} answered ${response.status}`;
    // HEAD is answered like GET, without the body.
    const method = response.method.toLowerCase() === 'head' ? 'get' : response.method.toLowerCase();
    const operation = this.api.matchOperation({
      method,
      path: pathname,
      query: Object.fromEntries(searchParams),
      headers: {},
    });
    if (!operation) return this.unknownRoute(at, response);

    // As the document has it (the validator's copy offers every JSON media type as application/json too).
    const paths = this.document.paths as Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
    const documented = documentedResponse(paths[operation.path]?.[operation.method]?.responses ?? {}, response.status);
    if (!documented) {
      const statuses = Object.keys(operation.responses ?? {}).join(', ');
      return [
        `${at}: ${response.status} is not documented for ${operation.operationId} (documented: ${statuses}); body ${response.body?.slice(0, 300) ?? '(not read)'}`,
      ];
    }
    const mediaTypes = Object.keys(documented.content ?? {});
    const mediaType = mediaTypeOf(response.headers);
    if (mediaTypes.length === 0) {
      return response.body
        ? [`${at}: documented without a body, but one came (${mediaType}): ${response.body.slice(0, 200)}`]
        : this.headerMismatches(at, operation, response);
    }
    if (!mediaTypes.includes(mediaType))
      return [`${at}: content-type ${mediaType || '(none)'}, documented ${mediaTypes.join(' or ')}`];
    if (response.body === undefined || !JSON_MEDIA_TYPE.test(mediaType))
      return this.headerMismatches(at, operation, response);

    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return [`${at}: the ${mediaType} body is not JSON: ${response.body.slice(0, 200)}`];
    }
    const result = this.api.validateResponse(body, operation, response.status);
    const bodyMismatch = result.valid
      ? []
      : [`${at}: the body does not match the schema of ${operation.operationId}: ${describe(result.errors)}`];
    return [...bodyMismatch, ...this.headerMismatches(at, operation, response)];
  }

  private headerMismatches(at: string, operation: Operation, response: ReceivedResponse): string[] {
    const headers = Object.fromEntries(response.headers.entries());
    const result = this.api.validateResponseHeaders(headers, operation, {
      statusCode: response.status,
      setMatchType: SetMatchType.Any,
    });
    return result.valid ? [] : [`${at}: a documented header breaks its schema: ${describe(result.errors)}`];
  }

  private unknownRoute(at: string, response: ReceivedResponse): string[] {
    const problem =
      response.status === 404 && mediaTypeOf(response.headers) === 'application/problem+json'
        ? this.parse(response.body)
        : undefined;
    if (problem === undefined)
      return [`${at}: no operation of the document has this path and method, and the answer is not a 404 problem`];
    return this.problem(problem)
      ? []
      : [`${at}: the 404 problem does not match the Problem schema: ${describe(this.problem.errors)}`];
  }

  private parse(body: string | undefined): unknown {
    try {
      return body === undefined ? undefined : JSON.parse(body);
    } catch {
      return undefined;
    }
  }
}
