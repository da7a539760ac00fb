import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  CORRELATION_ID_HEADER,
  launchRequestSchema,
  spacesRequestSchema,
  type LaunchRequest,
  type LaunchResponse,
  type MeResponse,
  type SpacesResponse,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { addAdminRoutes, addTransferRoutes } from './adminRouter';
import { errorResponder } from './errorResponder';
import type { LaunchPermission } from './services/LaunchPermission';
import type { MappingAdmin } from './services/MappingAdmin';
import type { MappingTransfer } from './services/MappingTransfer';
import { assertFromPortal, hasBearerToken } from './sameOrigin';
import { parse, withoutEmpty } from './validation';
import type { StudioLauncher } from './services/StudioLauncher';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  launcher: StudioLauncher;
  launchPermission: LaunchPermission;
  admin: MappingAdmin;
  transfer: MappingTransfer;
  /** Origins a cookie-authenticated GET /launch may come from (app.baseUrl, backend.baseUrl). */
  portalOrigins: Set<string>;
}

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/** Thin HTTP layer: authenticate, authorize, parse, call the launcher, respond. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    permissions,
    auditor,
    logger,
    launcher,
    launchPermission,
    admin,
    transfer,
    portalOrigins,
  } = options;
  const router = Router();

  router.use((_req, res, next) => {
    res.locals.correlationId = randomUUID();
    res.setHeader(CORRELATION_ID_HEADER, res.locals.correlationId);
    // Everything here is personal; launch answers carry a bearer URL.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  // Imports may be large; every other body is small.
  const smallJson = express.json({ limit: '16kb' });
  const importJson = express.json({ limit: '4mb' });
  router.use((req, res, next) =>
    (req.path === '/import' ? importJson : smallJson)(req, res, next),
  );

  async function authorizeLaunch(credentials: UserCredentials) {
    if (!(await launchPermission.isAllowed(credentials))) {
      throw new NotAllowedError(
        'You are not allowed to open SageMaker Studio from this portal.',
      );
    }
  }

  router.get('/me', async (req, res: Response<MeResponse>) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { userEntityRef } = credentials.principal;
    const memberships = await launcher.listMemberships(userEntityRef);
    if (memberships.length === 0) {
      // Resolving the target yields the configured "whom to ask" 404.
      await launcher.resolveTarget(userEntityRef);
    }
    res.json({ userEntityRef, memberships });
  });

  router.get('/spaces', async (req, res: Response<SpacesResponse>) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeLaunch(credentials);
    const query = parse(spacesRequestSchema, withoutEmpty(req.query));
    const userRef = credentials.principal.userEntityRef;
    const target = await launcher.resolveTarget(userRef, query.lobId);
    res.json({ spaces: await launcher.listSpaces(userRef, target) });
  });

  async function launch(
    req: Request,
    res: Response,
    credentials: UserCredentials,
    input: LaunchRequest,
    guard: () => void = () => {},
  ): Promise<LaunchResponse> {
    const userRef = credentials.principal.userEntityRef;
    const meta = {
      user: userRef,
      correlationId: res.locals.correlationId as string,
      lobId: input.lobId ?? null,
      spaceName: input.spaceName ?? null,
      landingUri: input.landingUri ?? null,
    };
    const event = await auditor.createEvent({
      eventId: 'studio-launch',
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      guard();
      await authorizeLaunch(credentials);
      const target = await launcher.resolveTarget(userRef, input.lobId);
      Object.assign(meta, {
        lobId: target.lob.lobId,
        accountId: target.lob.accountId,
        region: target.lob.region,
        domainId: target.lob.domainId,
        userProfileName: target.userProfileName,
        roleArn: target.roleArn,
      });
      const result = await launcher.createPresignedUrl(userRef, target, input);
      await event.success({ meta: { ...meta, expiresAt: result.expiresAt } });
      return result;
    } catch (error) {
      await event.fail({ meta, error: error as Error });
      throw error;
    }
  }

  router.post('/launch', async (req, res: Response<LaunchResponse>) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const input = parse(launchRequestSchema, req.body ?? {});
    res.json(await launch(req, res, credentials, input));
  });

  // A plain link works too: Backstage's user cookie is accepted here, from the portal's own pages only.
  router.get('/launch', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user'],
      allowLimitedAccess: true,
    });
    const input = parse(launchRequestSchema, withoutEmpty(req.query));
    const byCookie = !hasBearerToken(req);
    const { url } = await launch(req, res, credentials, input, () => {
      if (byCookie) assertFromPortal(req, portalOrigins);
    });
    res.redirect(302, url);
  });

  addAdminRoutes(router, { httpAuth, permissions, auditor, admin, transfer });
  addTransferRoutes(router, {
    httpAuth,
    permissions,
    auditor,
    admin,
    transfer,
  });

  router.use(errorResponder(logger));
  return router;
}
