import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Router, type Request, type Response } from 'express';
import type { AppConfig } from '../../config';
import { canWriteRecords, Role } from '../../shared/auth/roles';
import type { TokenVerifier } from '../../shared/auth/token-verifier';
import type { Viewer } from '../../shared/auth/viewer';
import { viewerFromRequest } from '../../shared/auth/viewer-from-request';
import { AppError, ErrorCode } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import type { Orm } from '../../shared/orm';
import { createJob, jobProblemReport, POLL_AFTER_SECONDS, queuedJobCount, runJob, sweepUploads } from './import-jobs';
import { IMPORTERS } from './importers';

class UploadTooLarge extends Error {}

function refuse(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * POST /imports/:entity — a department's file as the request body (any content type: the format
 * is told by the bytes; `?filename=` names it in the job, `?dryRun=true` asks for counts only).
 * ADMIN only, by bearer token (a browser cannot send one cross-site without a CORS preflight,
 * which is not granted: no CSRF). The body is streamed to disk, at most
 * IMPORT_MAX_UPLOAD_MB (413 LIMIT_EXCEEDED past it), then becomes an import job that runs in this
 * process; the answer is 202 with the job's id, read with `importJob(id)`.
 */
export function importUploadRouter(deps: { orm: Orm; config: AppConfig; verifier: TokenVerifier; logger: Logger }): Router {
  const { orm, config, verifier, logger } = deps;
  const router = Router();
  /** Files of ended jobs, and of uploads a killed process left behind: at start and after every job. */
  const sweep = () =>
    sweepUploads(orm.em.fork() as EntityManager, config.imports.uploadDir).then(
      (removed) => removed && logger.info('import uploads swept', { removed }),
      (error) => logger.warn('import upload sweep failed', { error: error instanceof Error ? error.name : 'unknown' }),
    );
  void sweep();
  /** The ADMIN caller, or null once the refusal is sent (401 without or with a bad token, 403 for other roles). */
  const admin = async (req: Request, res: Response): Promise<Viewer | null> => {
    let viewer: Viewer;
    try {
      viewer = await viewerFromRequest(req.headers.authorization, verifier);
    } catch (error) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      refuse(res, 401, ErrorCode.UNAUTHENTICATED, error instanceof AppError ? error.message : 'invalid token');
      return null;
    }
    if (viewer.role === Role.PUBLIC) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      refuse(res, 401, ErrorCode.UNAUTHENTICATED, 'imports need an ADMIN bearer token');
      return null;
    }
    if (!canWriteRecords(viewer.role)) {
      refuse(res, 403, ErrorCode.FORBIDDEN, 'only ADMIN may import');
      return null;
    }
    return viewer;
  };

  /** GET /imports/jobs/:id/problems.xlsx — the job's problem report (ADMIN), from any replica. */
  router.get('/imports/jobs/:id/problems.xlsx', async (req: Request, res: Response) => {
    if (!(await admin(req, res))) return;
    const id = String(req.params.id);
    const report = /^\d{1,18}$/.test(id) ? await jobProblemReport(orm.em.fork() as EntityManager, id) : null;
    if (!report) return refuse(res, 404, ErrorCode.NOT_FOUND, `import job ${id} has no problem report`);
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="import-${id}-problems.xlsx"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(report);
  });

  router.post('/imports/:entity', async (req: Request, res: Response) => {
    const viewer = await admin(req, res);
    if (!viewer) return;
    const entity = String(req.params.entity);
    if (!Object.hasOwn(IMPORTERS, entity)) return refuse(res, 404, ErrorCode.NOT_FOUND, `no import for ${entity}; there are ${Object.keys(IMPORTERS).join(', ')}`);
    const limit = config.imports.maxUploadBytes;
    const tooLarge = `the file is larger than the upload limit of ${limit / 1024 / 1024} MB (IMPORT_MAX_UPLOAD_MB)`;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.setHeader('Connection', 'close');
      return refuse(res, 413, ErrorCode.LIMIT_EXCEEDED, tooLarge);
    }

    const queued = await queuedJobCount(orm.em.fork() as EntityManager);
    if (queued >= config.imports.maxQueuedJobs) {
      res.setHeader('Retry-After', String(POLL_AFTER_SECONDS * 30));
      return refuse(res, 429, ErrorCode.LIMIT_EXCEEDED, `${queued} import jobs are already waiting (IMPORT_MAX_QUEUED_JOBS): try again when one has run`);
    }

    // Uploads carry personal data in clear: only this process's user may list or read them.
    await mkdir(config.imports.uploadDir, { recursive: true, mode: 0o700 });
    const file = randomUUID();
    const path = join(config.imports.uploadDir, file);
    let size = 0;
    try {
      await pipeline(
        req,
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            done(size > limit ? new UploadTooLarge() : null, chunk);
          },
        }),
        createWriteStream(path, { mode: 0o600 }),
      );
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof UploadTooLarge) {
        res.setHeader('Connection', 'close');
        return refuse(res, 413, ErrorCode.LIMIT_EXCEEDED, tooLarge);
      }
      return refuse(res, 400, ErrorCode.BAD_USER_INPUT, 'the upload was interrupted');
    }
    if (!size) {
      await rm(path, { force: true });
      return refuse(res, 400, ErrorCode.BAD_USER_INPUT, 'the request body is empty: send the file as the body');
    }
    const fileName = String(req.query.filename ?? 'upload').slice(0, 256);
    const id = await createJob(orm.em.fork() as EntityManager, {
      entity,
      fileName,
      source: 'upload',
      dryRun: req.query.dryRun === 'true',
      totalBytes: size,
      createdBy: viewer.subject,
      uploadFile: file,
    });
    // The job outlives the request; its outcome is in import_job, its failure in the log.
    void runJob(orm, config, id, path, { storeReport: true })
      .catch((error) => logger.error('import job failed', { job: id, error: error instanceof Error ? error.name : 'unknown' }))
      // This process owns the file and nothing reads it once the job has returned or thrown: delete
      // it now (a job that failed before it started would otherwise look queued to the sweep).
      .finally(() => rm(path, { force: true }).then(sweep));
    res.status(202).json({ id, entity, phase: 'queued', pollAfterSeconds: POLL_AFTER_SECONDS });
  });
  return router;
}
