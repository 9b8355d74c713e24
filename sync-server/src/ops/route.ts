import type { Request } from 'express';

/**
 * The route template of a request (`/api/records/:entity/:id/history`), for logs and metric
 * labels: a raw path would put ids in them. Express forgets the router's mount point once a
 * handler throws, so `/api` is put back from the original URL; anything no route matched is
 * `static` (the built app) or `unmatched`.
 */
export const routeOf = (req: Request): string => {
  const template: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof template === 'string') {
    const mount = req.originalUrl.startsWith('/api/') && !template.startsWith('/api') ? '/api' : '';
    return `${mount}${template}`;
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && !req.originalUrl.startsWith('/api'))
    return 'static';
  return 'unmatched';
};
