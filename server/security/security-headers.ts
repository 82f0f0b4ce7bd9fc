import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response (@fastify/helmet), with a Content-Security-Policy the MapLibre
 * web client works under: workers from blob: URLs, data:/blob: images, MapLibre's inline styles,
 * and API calls to this origin only (plus `extraOrigins`, e.g. a remote base-map tile server).
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { extraOrigins?: string[]; https?: boolean } = {}): Promise<void> {
  const extra = options.extraOrigins ?? [];
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:', ...extra],
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...extra],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Only behind https: on a plain-http intranet address it would break every asset.
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Served over plain http on an intranet, HSTS would only be ignored; behind https it applies.
    strictTransportSecurity: options.https ? { maxAge: 15552000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
