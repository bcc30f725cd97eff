import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { spliceRawJson } from '../raw-json';
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

/**
 * The response-size budget of one HTTP request, a batch's operations together: the body is
 * measured once final, before a byte is sent, and one larger than `maxBytes` is replaced by
 * RESPONSE_TOO_LARGE (400). The cost limit keeps nearly every such request from running at all;
 * this bounds what a mispriced field can still make the server send.
 * Documents serialized once (RawJson: GeoJSON layers) are spliced in here as bytes encoded once,
 * and a body around one of them that was gzipped before is sent as it is (the compression
 * middleware leaves an encoded body alone): a burst of layer requests costs neither
 * serialization nor compression per request.
 */
export function responseBudget(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const send = res.send.bind(res);
    res.send = (sent?: unknown) => {
      const spliced = typeof sent === 'string' ? spliceRawJson(sent) : null;
      // A UTF-16 unit is at most 3 bytes of UTF-8: a shorter string needs no count.
      const tooLarge = spliced
        ? spliced.length > maxBytes
        : typeof sent === 'string' && sent.length * 3 > maxBytes && Buffer.byteLength(sent) > maxBytes;
      if (tooLarge) {
        res.status(400).setHeader('cache-control', 'no-store');
        return send(
          JSON.stringify(
            errorBody(QuerySafetyCode.RESPONSE_TOO_LARGE, `The response would exceed the limit of ${maxBytes} bytes: ask for fewer or smaller fields, pages or layers`, {
              limit: maxBytes,
            }),
          ),
        );
      }
      if (!spliced) return send(sent);
      res.vary('accept-encoding');
      if (spliced.gzipped && req.acceptsEncodings('gzip', 'identity') === 'gzip' && !res.getHeader('content-encoding')) {
        res.setHeader('content-encoding', 'gzip');
        return send(spliced.gzipped);
      }
      return send(spliced.bytes());
    };
    next();
  };
}

/** The response budget, body parsing with its size limit, the body errors as JSON, then the batch limit. */
export function graphqlHttpMiddleware(options: { maxBodyBytes: number; maxBatchSize: number; maxResponseBytes: number }): Array<RequestHandler | ErrorRequestHandler> {
  return [responseBudget(options.maxResponseBytes), express.json({ limit: options.maxBodyBytes }), bodyErrors, batchLimit(options.maxBatchSize)];
}
