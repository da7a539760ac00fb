import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  CORRELATION_ID_HEADER,
  launchRequestSchema,
  profileRequestSchema,
  sagemakerStudioLaunchPermission,
  spacesRequestSchema,
  type LaunchProvisioningResponse,
  type LaunchRequest,
  type LaunchResponse,
  type MeResponse,
  type ProfileStatus,
  type SpacesResponse,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { addAdminRoutes, addTransferRoutes } from './adminRouter';
import { AuditSession } from './audit';
import { RouteAuthorizer } from './authorize';
import { errorResponder } from './errorResponder';
import { assertFromPortal, hasBearerToken } from './sameOrigin';
import { parse, withoutEmpty } from './validation';
import type { LaunchUser } from './services/StudioLauncher';
import type {
  LaunchDecisions,
  MappingAdminService,
  MappingTransferService,
  ProfileProvisioning,
  StudioLaunchService,
  UserCredentials,
} from './services/types';
import { provisioningPage } from './provisioningPage';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  /** The user's groups (ownership entity refs) from their Backstage identity. */
  userInfo: UserInfoService;
  launcher: StudioLaunchService;
  provisioner: ProfileProvisioning;
  launchPermission: LaunchDecisions;
  admin: MappingAdminService;
  transfer: MappingTransferService;
  /** Origins a cookie-authenticated GET /launch may come from (app.baseUrl, backend.baseUrl). */
  portalOrigins: Set<string>;
  /** The 404 of a user without any membership (sagemakerStudio.unmappedUserMessage). */
  unmappedUserMessage: string;
}

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
    unmappedUserMessage,
  } = options;
  const router = Router();
  const access = new RouteAuthorizer(httpAuth, permissions, launchPermission);

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

  const authorizeLaunch = (credentials: UserCredentials) =>
    access.authorize(
      credentials,
      sagemakerStudioLaunchPermission,
      'You are not allowed to open SageMaker Studio from this portal.',
    );

  /** Who asks, from their Backstage credentials only (never the request). */
  async function launchUser(credentials: UserCredentials): Promise<LaunchUser> {
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    return {
      userRef: credentials.principal.userEntityRef,
      ownershipRefs: ownershipEntityRefs,
    };
  }

  router.get('/me', async (req, res: Response<MeResponse>) => {
    const credentials = await access.credentials(req);
    const { userEntityRef } = credentials.principal;
    const memberships = await launcher.listMemberships(
      await launchUser(credentials),
    );
    if (memberships.length === 0) {
      throw new NotFoundError(unmappedUserMessage);
    }
    res.json({ userEntityRef, memberships });
  });

  /**
   * Who asks and the target of their launch, for a read beside the launch:
   * allowed to launch first, so that others learn nothing from validation.
   */
  async function readTarget(
    req: Request,
    schema: typeof spacesRequestSchema | typeof profileRequestSchema,
  ) {
    const credentials = await access.credentials(req);
    await authorizeLaunch(credentials);
    const query = parse(schema, withoutEmpty(req.query));
    const user = await launchUser(credentials);
    return { user, target: await launcher.resolveTarget(user, query.lobId) };
  }

  router.get('/spaces', async (req, res: Response<SpacesResponse>) => {
    const { user, target } = await readTarget(req, spacesRequestSchema);
    res.json({ spaces: await launcher.listSpaces(user.userRef, target) });
  });

  // The state of the user's Studio user profile while the portal creates it.
  router.get('/profile', async (req, res: Response<ProfileStatus>) => {
    const { user, target } = await readTarget(req, profileRequestSchema);
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
    const audit = await AuditSession.start(auditor, {
      eventId: 'studio-launch',
      severityLevel: 'medium',
      request: req,
      meta: {
        user: userRef,
        correlationId: res.locals.correlationId as string,
        lobId: input.lobId ?? null,
        spaceName: input.spaceName ?? null,
        landingUri: input.landingUri ?? null,
      },
    });
    return audit.run(
      async (): Promise<LaunchResponse | LaunchProvisioningResponse> => {
        guard();
        await authorizeLaunch(credentials);
        const user = await launchUser(credentials);
        const target = await launcher.resolveTarget(user, input.lobId);
        audit.note({
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
          // No URL yet: the caller polls GET /profile, then launches again.
          if (profile.state !== 'ready') return { provisioning: profile };
        }
        return launcher.createPresignedUrl(userRef, target, input);
      },
      {
        // The URL itself is a bearer secret: only when it expires is recorded.
        onSuccess: result =>
          'provisioning' in result
            ? { outcome: 'profile-creating' }
            : { expiresAt: result.expiresAt },
      },
    );
  }

  router.post(
    '/launch',
    async (req, res: Response<LaunchResponse | LaunchProvisioningResponse>) => {
      const credentials = await access.credentials(req);
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
    const credentials = await access.credentials(req, {
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

  addAdminRoutes(router, { access, auditor, admin });
  addTransferRoutes(router, { access, auditor, transfer });

  router.use(errorResponder(logger));
  return router;
}
