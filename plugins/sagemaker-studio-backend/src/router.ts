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
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  CORRELATION_ID_HEADER,
  launchRequestSchema,
  profileRequestSchema,
  spacesRequestSchema,
  type LaunchProvisioningResponse,
  type LaunchRequest,
  type LaunchResponse,
  type MeResponse,
  type ProfileStatus,
  type SpacesResponse,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { addAdminRoutes, addTransferRoutes } from './adminRouter';
import { errorResponder } from './errorResponder';
import type { LaunchPermission } from './services/LaunchPermission';
import type { MappingAdmin } from './services/MappingAdmin';
import type { MappingTransfer } from './services/MappingTransfer';
import { assertFromPortal, hasBearerToken } from './sameOrigin';
import { parse, withoutEmpty } from './validation';
import type { LaunchUser, StudioLauncher } from './services/StudioLauncher';
import type { ProfileProvisioner } from './services/ProfileProvisioner';
import { provisioningPage } from './provisioningPage';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** The user's groups (ownership entity refs) from their Backstage identity. */
  userInfo: UserInfoService;
  launcher: StudioLauncher;
  provisioner: ProfileProvisioner;
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
    userInfo,
    launcher,
    provisioner,
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

  /** Who asks, from their Backstage credentials only (never the request). */
  async function launchUser(credentials: UserCredentials): Promise<LaunchUser> {
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    return {
      userRef: credentials.principal.userEntityRef,
      ownershipRefs: ownershipEntityRefs,
    };
  }

  router.get('/me', async (req, res: Response<MeResponse>) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { userEntityRef } = credentials.principal;
    const user = await launchUser(credentials);
    const memberships = await launcher.listMemberships(user);
    if (memberships.length === 0) {
      // Resolving the target yields the configured "whom to ask" 404.
      await launcher.resolveTarget(user);
    }
    res.json({ userEntityRef, memberships });
  });

  router.get('/spaces', async (req, res: Response<SpacesResponse>) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeLaunch(credentials);
    const query = parse(spacesRequestSchema, withoutEmpty(req.query));
    const user = await launchUser(credentials);
    const target = await launcher.resolveTarget(user, query.lobId);
    res.json({ spaces: await launcher.listSpaces(user.userRef, target) });
  });

  // The state of the user's Studio user profile while the portal creates it.
  router.get('/profile', async (req, res: Response<ProfileStatus>) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await authorizeLaunch(credentials);
    const query = parse(profileRequestSchema, withoutEmpty(req.query));
    const user = await launchUser(credentials);
    const target = await launcher.resolveTarget(user, query.lobId);
    // The domain's name and status ride along (no call of their own per
    // card view); without them the card still works, so a failure only logs.
    const [status, domain] = await Promise.all([
      provisioner.status(user.userRef, target),
      launcher.describeDomain(user.userRef, target).catch(error => {
        logger.warn(
          `Could not describe the Studio domain of LOB ${target.lob.lobId} ` +
            `(correlation id ${res.locals.correlationId}): ${error}`,
        );
        return undefined;
      }),
    ]);
    res.json(domain ? { ...status, domain } : status);
  });

  async function launch(
    req: Request,
    res: Response,
    credentials: UserCredentials,
    input: LaunchRequest,
    guard: () => void = () => {},
  ): Promise<LaunchResponse | LaunchProvisioningResponse> {
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
      const user = await launchUser(credentials);
      const target = await launcher.resolveTarget(user, input.lobId);
      Object.assign(meta, {
        lobId: target.lob.lobId,
        accountId: target.lob.accountId,
        region: target.lob.region,
        domainId: target.lob.domainId,
        userProfileName: target.userProfileName,
        roleArn: target.roleArn,
        viaGroup: target.viaGroup ?? null,
      });
      if (target.lob.provisionProfiles) {
        const profile = await provisioner.prepare(userRef, target, req);
        if (profile.state !== 'ready') {
          // No URL yet: the caller polls GET /profile, then launches again.
          await event.success({
            meta: { ...meta, outcome: 'profile-creating' },
          });
          return { provisioning: profile };
        }
      }
      const result = await launcher.createPresignedUrl(userRef, target, input);
      await event.success({ meta: { ...meta, expiresAt: result.expiresAt } });
      return result;
    } catch (error) {
      await event.fail({ meta, error: error as Error });
      throw error;
    }
  }

  router.post(
    '/launch',
    async (req, res: Response<LaunchResponse | LaunchProvisioningResponse>) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const input = parse(launchRequestSchema, req.body ?? {});
      const result = await launch(req, res, credentials, input);
      if ('provisioning' in result) {
        res.status(202).setHeader('Retry-After', '2');
      }
      res.json(result);
    },
  );

  // A plain link works too: Backstage's user cookie is accepted here, from the portal's own pages only.
  router.get('/launch', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user'],
      allowLimitedAccess: true,
    });
    const input = parse(launchRequestSchema, withoutEmpty(req.query));
    const byCookie = !hasBearerToken(req);
    const result = await launch(req, res, credentials, input, () => {
      if (byCookie) assertFromPortal(req, portalOrigins);
    });
    if ('provisioning' in result) {
      // A page that asks again (same origin) until the profile is ready.
      res
        .status(202)
        .type('html')
        .setHeader('Retry-After', '3')
        .send(provisioningPage(result.provisioning, 3));
      return;
    }
    res.redirect(302, result.url);
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
