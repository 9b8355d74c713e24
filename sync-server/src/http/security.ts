import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * DESIGN.md §5: a strict Content-Security-Policy. Listed in full, without helmet's defaults, so
 * nothing is allowed that is not written here: no inline script or eval, no third-party origin.
 * `upgrade-insecure-requests` is left out on purpose: the server often runs on plain HTTP on a
 * laptop on a local network, where upgrading would break every request.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

export const securityHeaders = (): RequestHandler =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Special category data about children: never leak a URL to another origin.
    referrerPolicy: { policy: 'no-referrer' },
  });
