import { ErrorBodySchema, type RevocationMode } from '../domain';
import * as z from 'zod/mini';

/** Why a request failed, in terms the engine and the screens act on. */
export type TransportFailure =
  | { kind: 'offline' }
  | { kind: 'unauthorized'; message: string }
  /**
   * A coordinator revoked this device: its local data must be wiped (DESIGN.md §5). 'lost': at
   * once, sending nothing; 'retired': the server still takes its pushes, so sync sends first.
   */
  | { kind: 'device-revoked'; message: string; mode: RevocationMode }
  | { kind: 'client-too-old'; accepted: number[] }
  | { kind: 'rate-limited'; retryAfterMs: number; message: string }
  | {
      kind: 'rejected';
      status: number;
      code: string;
      message: string;
      /** For a 400: which fields failed (S10 `details.issues`), so a form can point at them. */
      issues?: { path: string; message: string }[];
    }
  | { kind: 'server'; status: number; message: string };

export class TransportError extends Error {
  override name = 'TransportError';
  constructor(readonly failure: TransportFailure) {
    super('message' in failure ? failure.message : failure.kind);
  }
}

const IssuesSchema = z.array(z.object({ path: z.string(), message: z.string() }));

export const failureOf = async (response: Response): Promise<TransportFailure> => {
  const parsed = ErrorBodySchema.safeParse(await response.json().catch(() => null));
  const message = parsed.success
    ? parsed.data.error.message
    : `The server answered ${response.status}`;
  const details = parsed.success ? parsed.data.error.details : undefined;
  if (response.status === 401) {
    return details?.reason === 'device-revoked'
      ? { kind: 'device-revoked', message, mode: details.mode === 'retired' ? 'retired' : 'lost' }
      : { kind: 'unauthorized', message };
  }
  if (response.status === 426) {
    const accepted = Array.isArray(details?.accepted) ? (details.accepted as number[]) : [];
    return { kind: 'client-too-old', accepted };
  }
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After') ?? '60');
    return {
      kind: 'rate-limited',
      retryAfterMs: (Number.isFinite(seconds) ? seconds : 60) * 1000,
      message,
    };
  }
  if (response.status >= 500) return { kind: 'server', status: response.status, message };
  const issues = IssuesSchema.safeParse(details?.issues);
  return {
    kind: 'rejected',
    status: response.status,
    code: parsed.success ? parsed.data.error.code : 'unknown',
    message,
    ...(issues.success ? { issues: issues.data } : {}),
  };
};
