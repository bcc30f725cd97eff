import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { errorBody, QuerySafetyCode } from './errors';

/**
 * Batched HTTP requests (a JSON array of operations) hold at most `max` operations; a longer
 * array is refused before any of it is parsed as GraphQL.
 */
export function batchLimit(max: number): RequestHandler {
  return (req, res, next) => {
    if (Array.isArray(req.body) && req.body.length > max) {
      res.status(400).json(
        errorBody(QuerySafetyCode.BATCH_TOO_LARGE, `A batched request may hold at most ${max} operations, got ${req.body.length}`, { limit: max }),
      );
      return;
    }
    next();
  };
}

/** express.json refusals as GraphQL-shaped JSON instead of express's HTML error page. */
export const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: number }).limit;
    res.status(413).json(errorBody(QuerySafetyCode.PAYLOAD_TOO_LARGE, `The request body exceeds the limit of ${limit} bytes`, { limit }));
    return;
  }
  if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
    res.status(400).json(errorBody('BAD_REQUEST', 'The request body is not valid JSON'));
    return;
  }
  next(error);
};

/** Body parsing with its size limit, the body errors as JSON, then the batch limit. */
export function graphqlHttpMiddleware(options: { maxBodyBytes: number; maxBatchSize: number }): Array<RequestHandler | ErrorRequestHandler> {
  return [express.json({ limit: options.maxBodyBytes }), bodyErrors, batchLimit(options.maxBatchSize)];
}
