import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * Security headers on every response (@fastify/helmet's set), with a Content-Security-Policy the MapLibre
 * web client works under: workers from blob: URLs, data:/blob: images, MapLibre's inline styles,
 * and API calls to this origin only (plus `extraOrigins`, e.g. a remote base-map tile server).
 *
 * The headers depend only on the configuration, so they are computed once at start (helmet on a
 * throwaway instance, one request) and then set by one hook: registered directly, @fastify/helmet
 * rebuilds its middleware from the options on every request (about a tenth of the server's time on a
 * cached read).
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { extraOrigins?: string[]; https?: boolean } = {},
): Promise<void> {
  const headers = await helmetHeaders(helmetOptions(options));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

function helmetOptions(options: { extraOrigins?: string[]; https?: boolean }) {
  const extra = options.extraOrigins ?? [];
  return {
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
    referrerPolicy: { policy: 'same-origin' as const },
  };
}

/** The headers @fastify/helmet adds to an answer with these options (those a bare Fastify answer lacks). */
async function helmetHeaders(options: ReturnType<typeof helmetOptions>): Promise<Record<string, string>> {
  const answer = async (withHelmet: boolean) => {
    const probe = Fastify({ logger: false });
    if (withHelmet) await probe.register(helmet, options);
    probe.get('/', async () => ({ ok: true }));
    try {
      return (await probe.inject({ method: 'GET', url: '/' })).headers;
    } finally {
      await probe.close();
    }
  };
  const bare = await answer(false);
  const secured = await answer(true);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(secured)) {
    if (!(name in bare) && value !== undefined) headers[name] = String(value);
  }
  if (!headers['content-security-policy'] || !headers['x-content-type-options'])
    throw new Error('security headers: helmet did not set the expected headers');
  return headers;
}
