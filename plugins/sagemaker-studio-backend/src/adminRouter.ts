import type { Request, Response, Router } from 'express';
import type { AuditorService } from '@backstage/backend-plugin-api';
import {
  checkRequestSchema,
  deleteLobQuerySchema,
  importRequestSchema,
  lobInputSchema,
  lobUpdateSchema,
  lobsQuerySchema,
  membershipInputSchema,
  membershipPutSchema,
  membershipsQuerySchema,
  sagemakerStudioMappingReadPermission,
  sagemakerStudioMappingUpdatePermission,
  versionQuerySchema,
  type ImportDryRunResult,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { z } from 'zod';
import { AuditSession, auditJson } from './audit';
import { ImportRejectedError } from './errors';
import type { RouteAuthorizer } from './authorize';
import { parse } from './validation';
import type {
  MappingAdminService,
  MappingTransferService,
  UserCredentials,
} from './services/types';

/** Runs a write as an audited change of the mappings (changeRoute). */
type AuditedChange = <T extends { before?: unknown; after?: unknown }>(
  action: string,
  target: Record<string, string>,
  write: (credentials: UserCredentials) => Promise<T>,
) => Promise<T>;

interface AuditedRouteOptions {
  access: RouteAuthorizer;
  auditor: AuditorService;
}

const DEFAULT_PAGE = 25;
const lobIdParam = z.object({ lobId: lobInputSchema.shape.lobId });
const membershipParams = z.object({
  lobId: lobInputSchema.shape.lobId,
  userRef: membershipInputSchema.shape.userRef,
});

/**
 * The admin API: LOBs and memberships. Reads need
 * sagemaker-studio.mapping.read, writes sagemaker-studio.mapping.update;
 * every write is validated before anything is written, and audited with
 * who, what, before and after.
 */
export function addAdminRoutes(
  router: Router,
  options: AuditedRouteOptions & { admin: MappingAdminService },
) {
  const { access, auditor, admin } = options;

  const authorized = (
    req: Request,
    permission: typeof sagemakerStudioMappingReadPermission,
  ) =>
    access.authorized(
      req,
      permission,
      permission === sagemakerStudioMappingUpdatePermission
        ? 'Only portal admins may change the SageMaker Studio mappings.'
        : 'Only portal admins may read the SageMaker Studio mappings.',
    );

  router.get('/lobs', async (req, res) => {
    await authorized(req, sagemakerStudioMappingReadPermission);
    const query = parse(lobsQuerySchema, req.query);
    res.json(
      await admin.listLobs({
        cursor: query.cursor,
        limit: query.limit ?? DEFAULT_PAGE,
        q: query.q,
      }),
    );
  });

  router.get('/lobs/:lobId', async (req, res) => {
    await authorized(req, sagemakerStudioMappingReadPermission);
    const { lobId } = parse(lobIdParam, req.params);
    res.json(await admin.getLob(lobId));
  });

  // Writes authorize first, so that non-admins learn nothing from validation.
  const canUpdate = (req: Request) =>
    authorized(req, sagemakerStudioMappingUpdatePermission);

  /**
   * A route that changes the mappings: authorized first, then `handle`
   * runs its write as an audited change, with what it replaced and what it
   * wrote.
   */
  function changeRoute(
    method: 'post' | 'put' | 'delete',
    path: string,
    handle: (
      req: Request,
      res: Response,
      change: AuditedChange,
    ) => Promise<void>,
  ) {
    router[method](path, async (req, res) => {
      const credentials = await canUpdate(req);
      await handle(req, res, async (action, target, write) => {
        const audit = await startMappingChange(auditor, req, res, credentials, {
          action,
          ...target,
        });
        return audit.run(() => write(credentials), {
          onSuccess: result => ({
            before: auditJson(result.before),
            after: auditJson(result.after),
          }),
        });
      });
    });
  }

  changeRoute('post', '/lobs', async (req, res, change) => {
    const input = parse(lobInputSchema, req.body);
    const result = await change('lob.create', { lobId: input.lobId }, c =>
      admin.createLob(input, c.principal.userEntityRef),
    );
    res.status(201).json({ item: result.item, warnings: result.warnings });
  });

  changeRoute('put', '/lobs/:lobId', async (req, res, change) => {
    const { lobId } = parse(lobIdParam, req.params);
    const update = parse(lobUpdateSchema, req.body);
    const result = await change('lob.update', { lobId }, c =>
      admin.updateLob(lobId, update, c.principal.userEntityRef),
    );
    res.json({ item: result.item, warnings: result.warnings });
  });

  changeRoute('delete', '/lobs/:lobId', async (req, res, change) => {
    const { lobId } = parse(lobIdParam, req.params);
    const query = parse(deleteLobQuerySchema, req.query);
    const result = await change('lob.delete', { lobId }, () =>
      admin.deleteLob(lobId, query.version, query.cascade === 'true'),
    );
    res.json({ removedMembers: result.removedMembers.length });
  });

  router.post('/lobs/:lobId/check', async (req, res) => {
    const credentials = await canUpdate(req);
    const { lobId } = parse(lobIdParam, req.params);
    const body = parse(checkRequestSchema, req.body ?? {});
    res.json(
      await admin.check(
        lobId,
        credentials.principal.userEntityRef,
        body.userRef,
      ),
    );
  });

  router.get('/lobs/:lobId/effective-members', async (req, res) => {
    const credentials = await authorized(
      req,
      sagemakerStudioMappingReadPermission,
    );
    const { lobId } = parse(lobIdParam, req.params);
    res.json(await admin.effectiveMembers(lobId, credentials));
  });

  router.get('/lobs/:lobId/provisioned-profiles', async (req, res) => {
    await authorized(req, sagemakerStudioMappingReadPermission);
    const { lobId } = parse(lobIdParam, req.params);
    res.json({ items: await admin.provisionedProfiles(lobId) });
  });

  router.get('/memberships', async (req, res) => {
    await authorized(req, sagemakerStudioMappingReadPermission);
    const query = parse(membershipsQuerySchema, req.query);
    res.json(
      await admin.listMemberships({
        ...query,
        limit: query.limit ?? DEFAULT_PAGE,
      }),
    );
  });

  changeRoute(
    'put',
    '/memberships/:lobId/:userRef',
    async (req, res, change) => {
      const { lobId, userRef } = parse(membershipParams, req.params);
      const body = parse(membershipPutSchema, req.body);
      const result = await change(
        body.version ? 'membership.update' : 'membership.create',
        { lobId, userRef },
        c =>
          admin.putMembership(
            lobId,
            userRef,
            body,
            c.principal.userEntityRef,
            c,
          ),
      );
      res
        .status(body.version ? 200 : 201)
        .json({ item: result.item, warnings: result.warnings });
    },
  );

  changeRoute(
    'delete',
    '/memberships/:lobId/:userRef',
    async (req, res, change) => {
      const { lobId, userRef } = parse(membershipParams, req.params);
      const { version } = parse(versionQuerySchema, req.query);
      await change('membership.delete', { lobId, userRef }, () =>
        admin.deleteMembership(lobId, userRef, version),
      );
      res.status(204).end();
    },
  );
}

const exportQuery = z
  .object({ format: z.enum(['csv', 'yaml']).default('yaml') })
  .strict();
const importQuery = z
  .object({ dryRun: z.enum(['true', 'false']).optional() })
  .strict();

/** Export and import of every mapping. */
export function addTransferRoutes(
  router: Router,
  options: AuditedRouteOptions & { transfer: MappingTransferService },
) {
  const { access, auditor, transfer } = options;
  const denied =
    'Only portal admins may export or import the SageMaker Studio mappings.';

  router.get('/export', async (req, res) => {
    await access.authorized(req, sagemakerStudioMappingReadPermission, denied);
    const { format } = parse(exportQuery, req.query);
    const body = await transfer.exportAll(format);
    res.setHeader(
      'Content-Type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/yaml; charset=utf-8',
    );
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="sagemaker-studio-mappings.${format}"`,
    );
    res.send(body);
  });

  router.post('/import', async (req, res) => {
    const credentials = await access.authorized(
      req,
      sagemakerStudioMappingUpdatePermission,
      denied,
    );
    const { dryRun } = parse(importQuery, req.query);
    const request = parse(importRequestSchema, req.body);
    const { document, errors } = transfer.parse(request);
    if (!document) {
      throw new ImportRejectedError(
        `Invalid import: ${errors.length} bad row${
          errors.length === 1 ? '' : 's'
        }; nothing was written`,
        errors,
      );
    }
    if (dryRun === 'true') {
      const answer: ImportDryRunResult = {
        dryRun: true,
        lobs: document.lobs.length,
        memberships: document.memberships.length,
        preview: await transfer.preview(document),
      };
      res.json(answer);
      return;
    }
    const what = { action: 'import', format: request.format };
    const audit = await startMappingChange(
      auditor,
      req,
      res,
      credentials,
      what,
    );
    const applied: unknown[] = [];
    const result = await audit.run(
      () =>
        transfer.apply(
          document,
          credentials.principal.userEntityRef,
          async (rows, transaction) => {
            applied.push(...rows);
            // Each transaction that landed is its own record: an import stopped later still says what it wrote.
            const batch = await startMappingChange(
              auditor,
              req,
              res,
              credentials,
              { ...what, action: 'import.batch', transaction },
            );
            await batch.succeeded({ applied: auditJson(rows) });
          },
        ),
      {
        onSuccess: done => ({
          result: auditJson(done),
          after: auditJson(document),
        }),
        onFailure: () => ({ applied: auditJson(applied) }),
      },
    );
    res.json(result);
  });
}

/** The audit of a change to the mappings: what, by whom, in which request. */
function startMappingChange(
  auditor: AuditorService,
  req: Request,
  res: Response,
  credentials: UserCredentials,
  what: { action: string } & Record<string, string | number>,
): Promise<AuditSession> {
  return AuditSession.start(auditor, {
    eventId: 'mapping-change',
    severityLevel: 'high',
    request: req,
    meta: {
      ...what,
      actor: credentials.principal.userEntityRef,
      correlationId: res.locals.correlationId as string,
    },
  });
}
