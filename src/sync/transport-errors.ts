// No schemas here: the sign-in form on the first screen tells its failures apart by this class,
// and the first screen builds no schema (the transport reads error bodies, transport.ts).
import type { RevocationMode } from '../domain';

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
