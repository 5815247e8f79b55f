import type express from 'express';
import { json } from 'express';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { GATEWAY_QUERY_LIMITS, parseOptionsFor } from '@amicus/query-limits';
import { GRAPHQL_BODY_LIMIT_BYTES, UPLOAD_BODY_LIMIT_BYTES } from '@amicus/service-runtime';

/**
 * How large a request to /graphql may be. A GraphQL request is small (the web app's largest is a
 * few kilobytes): 1 MB for anyone. Files travel base64-encoded in a mutation, so a signed-in
 * caller may send up to 32 MB — but a body over 1 MB must be an upload and nothing else (every
 * root field of its operation one of UPLOAD_FIELDS), else it is refused once read. Anonymous
 * callers never get the large parser: 1 MB is all an outsider can make the gateway read.
 */
export const UPLOAD_FIELDS: ReadonlySet<string> = new Set(['importPlacementFile', 'previewPlacementFile', 'importBankStatement']);

const bodyBytes = new WeakMap<express.Request, number>();

function tooLarge(res: express.Response, max: number, why: string): void {
  res.status(413).json({
    errors: [
      {
        message: `the request body is over ${max / 1024 / 1024} MB, the limit ${why} (maxBodyBytes)`,
        extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'maxBodyBytes', max },
      },
    ],
  });
}

/** Whether a request body is one operation whose root fields are all uploads. */
export function isUpload(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, parseOptionsFor(GATEWAY_QUERY_LIMITS)).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return false;
  }
  const operation = typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || (operations.length > 1 && typeof operationName !== 'string')) return false;
  return (
    operation.operation !== 'subscription' &&
    operation.selectionSet.selections.length > 0 &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && UPLOAD_FIELDS.has(s.name.value))
  );
}

/**
 * The body parser of /graphql: `isSignedIn` says from the headers alone (before a byte of the
 * body is read) whether the caller may send an upload.
 */
export function graphqlBodyParser(isSignedIn: (req: express.Request) => boolean): express.RequestHandler {
  const verify = (req: express.Request, _res: express.Response, buf: Buffer) => void bodyBytes.set(req, buf.length);
  const small = json({ limit: GRAPHQL_BODY_LIMIT_BYTES, verify });
  const large = json({ limit: UPLOAD_BODY_LIMIT_BYTES, verify });
  return (req, res, next) => {
    const mayUpload = isSignedIn(req);
    (mayUpload ? large : small)(req, res, (error?: unknown) => {
      if ((error as { type?: string } | undefined)?.type === 'entity.too.large') {
        return mayUpload
          ? tooLarge(res, UPLOAD_BODY_LIMIT_BYTES, 'for a file upload')
          : tooLarge(res, GRAPHQL_BODY_LIMIT_BYTES, 'for a GraphQL request (sign in to upload a file)');
      }
      if (error) return next(error);
      if ((bodyBytes.get(req) ?? 0) > GRAPHQL_BODY_LIMIT_BYTES && !isUpload(req.body)) {
        return tooLarge(
          res,
          GRAPHQL_BODY_LIMIT_BYTES,
          `for a GraphQL request that is not a file upload (${[...UPLOAD_FIELDS].join(', ')})`,
        );
      }
      next();
    });
  };
}
