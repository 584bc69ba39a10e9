import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { findResourceTypeByKind, parseApiVersion, servesVersion, type ResourceType } from '@/lib/k8s/kinds';
import type { K8sObject } from '@/lib/k8s/object';
import { ApiError, forbidden, isApiError, unauthorized } from '@/lib/k8s/status-error';
import { checkCsrf as defaultCheckCsrf, type CsrfCheck } from '@/server/auth/csrf';
import type { AuthenticationResult, Authenticator, Authorizer, EscalationGuard, UserInfo } from '@/server/auth/types';
import type { Store } from '@/server/store/types';
import { answerReview } from './access-reviews';
import { parseBody, readBody } from './body-reader';
import { discoveryDocument, versionDocument } from './discovery';
import { isExpectedError, toApiError, writeStatus } from './errors';
import { writeJson } from './http-responses';
import { NamespaceLifecycle } from './namespace-lifecycle';
import { openApiDocument } from './openapi';
import { checkRbacEscalation } from './rbac-escalation';
import { Registry } from './registry';
import { parseRequestInfo, type RequestInfo } from './request-info';
import { serveResourceRequest } from './resource-handler';
import { findReviewResource } from './review-resources';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from './watch-stream';
import { rfc3339, type CommittedWrite, type WriteContext } from './write-context';

export interface ApiServerOptions {
  store: Store;
  authenticator: Authenticator;
  authorizer: Authorizer;
  /** RBAC escalation prevention for writes of roles and bindings. */
  escalationGuard: EscalationGuard;
  logger: Logger;
  /** Where the API is mounted; requests outside it get 404. */
  pathPrefix?: '/k8s';
  /** Cross-site request forgery guard for cookie-authenticated writes (auth's by default). */
  checkCsrf?: (req: IncomingMessage, authentication?: AuthenticationResult) => CsrfCheck;
  /** Watch tuning; tests shorten the bookmark interval. */
  watch?: Partial<WatchSettings>;
  /** How often a terminating namespace with leftover (finalizer-held) objects is re-swept. */
  namespaceRetryMs?: number;
  /** Told about every committed write by a user that changed an object (the audit history). Must not throw. */
  onWrite?: (write: CommittedWrite) => void;
}

export interface ApiServer {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /**
   * Creates an object as the system (no authentication or authorization) through the same
   * write path as the API: admission, defaults, uid, status defaults. Resolves false when an
   * object of that name already exists. For bootstrap data (the `default` namespace, the demo).
   */
  createIfAbsent(object: K8sObject): Promise<boolean>;
  close(): void;
}

/**
 * Paths every authenticated user may read, as Kubernetes' bootstrap policy grants
 * (`system:discovery`, `system:public-info-viewer`, `system:basic-user`): without them no
 * client can even find out what it may ask for.
 */
function isPublicInfo(info: RequestInfo): boolean {
  return info.kind === 'discovery' || (info.kind === 'nonresource' && (info.path === '/version' || info.path.startsWith('/openapi/')));
}

/** The Kubernetes-compatible REST API under /k8s: authn → authz → admission → registry. */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const { store, authenticator, authorizer, logger } = options;
  const prefix = options.pathPrefix ?? '/k8s';
  const csrf = options.checkCsrf ?? defaultCheckCsrf;
  const watchSettings: WatchSettings = { ...DEFAULT_WATCH_SETTINGS, ...options.watch };
  const lifecycle = new NamespaceLifecycle(store, logger, options.namespaceRetryMs);
  const registry = new Registry(store, (name) => lifecycle.schedule(name));
  lifecycle.start();

  const onError = (err: unknown): void => {
    logger.error({ err }, 'k8s api request failed');
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== prefix && !url.pathname.startsWith(prefix + '/')) {
      throw new ApiError('NotFound', 'the server could not find the requested resource');
    }
    const path = url.pathname.slice(prefix.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();

    const authn = authenticator.authenticate(req);
    if (authn.kind !== 'authenticated') {
      req.resume();
      throw unauthorized(authn.kind === 'rejected' ? `Unauthorized: ${authn.reason}` : 'Unauthorized');
    }
    const user = authn.user;
    if (method !== 'GET' && method !== 'HEAD') {
      const check = csrf(req, authn);
      if (!check.ok) {
        req.resume();
        throw forbidden(check.reason);
      }
    }

    const review = reviewFor(path);
    if (review) {
      if (method !== 'POST') throw new ApiError('MethodNotAllowed', `${review.kind} supports create only`);
      const body = parseBody(await readBody(req), req.headers['content-type']).value;
      writeJson(res, 201, answerReview(review, body, user, authorizer));
      return;
    }

    const info = parseRequestInfo(method, path, url.searchParams);
    if (isPublicInfo(info)) {
      if (method !== 'GET' && method !== 'HEAD') throw new ApiError('MethodNotAllowed', 'discovery documents are read-only');
      serveInfo(info, req, res);
      return;
    }
    if (info.kind !== 'resource') {
      authorize(user, { verb: method.toLowerCase(), nonResourcePath: info.path });
      throw new ApiError('NotFound', 'the server could not find the requested resource');
    }
    authorize(user, {
      verb: info.verb,
      apiGroup: info.group,
      resource: info.type.plural,
      subresource: info.subresource,
      namespace: info.namespace,
      name: info.name,
    });
    const admissionPolicy = (type: ResourceType, object: K8sObject) =>
      checkRbacEscalation(type, object, user, authorizer, options.escalationGuard);
    const onWrite = options.onWrite;
    await serveResourceRequest({ registry, store, info, req, res, url, watchSettings, onError, admissionPolicy, onWrite: onWrite && ((write) => onWrite({ ...write, user })) });
  }

  function authorize(user: UserInfo, attrs: Omit<Parameters<Authorizer['authorize']>[0], 'user'>): void {
    const decision = authorizer.authorize({ user, ...attrs });
    if (!decision.allowed) throw forbidden(decision.reason);
  }

  function serveInfo(info: RequestInfo, req: IncomingMessage, res: ServerResponse): void {
    if (info.kind === 'discovery') {
      const doc = discoveryDocument(info, req.headers.accept);
      writeJson(res, 200, doc.body, [], doc.contentType);
      return;
    }
    if (info.kind === 'nonresource' && info.path === '/version') {
      writeJson(res, 200, versionDocument());
      return;
    }
    if (info.kind === 'nonresource') {
      writeJson(res, 200, openApiDocument(info.path, prefix));
    }
  }

  function reviewFor(path: string) {
    const m = /^\/apis\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(path);
    return m ? findReviewResource(m[1]!, m[2]!, m[3]!) : undefined;
  }

  return {
    async handle(req, res) {
      try {
        await route(req, res);
      } catch (err) {
        if (!isExpectedError(err)) onError(err);
        writeStatus(res, toApiError(err).status);
      }
    },
    async createIfAbsent(object) {
      const { group, version } = parseApiVersion(object.apiVersion);
      const type = findResourceTypeByKind(group, object.kind);
      if (!type || !servesVersion(type, version)) throw new Error(`createIfAbsent: ${object.apiVersion} ${object.kind} is not a served kind`);
      const ctx: WriteContext = {
        type,
        apiVersion: object.apiVersion,
        dryRun: false,
        fieldManager: 'portico',
        force: false,
        now: rfc3339(new Date()),
        fieldValidation: 'Strict',
        duplicateFields: [],
        warnings: [],
      };
      try {
        await registry.create(ctx, object.metadata.namespace, object);
        return true;
      } catch (err) {
        if (isApiError(err) && err.reason === 'AlreadyExists') return false;
        throw err;
      }
    },
    close() {
      lifecycle.close();
    },
  };
}

