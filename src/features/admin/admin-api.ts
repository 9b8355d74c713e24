import { TransportError, type Transport } from '../../sync';
import { useSession, useTransport } from '../shared/sync-context';
import type { ErrorItem, FieldRefs } from '../shared/write-errors';

export type AdminApi = NonNullable<Transport['admin']>;

/** TanStack Query keys for the coordinator's data, from one factory (STYLE.md 6). */
export const adminKeys = {
  all: ['admin'] as const,
  users: () => ['admin', 'users'] as const,
  inspections: () => ['admin', 'inspections'] as const,
  settings: () => ['admin', 'settings'] as const,
  audit: () => ['admin', 'audit'] as const,
};

/** The signed-in coordinator's token and the admin API; null when there is no session. */
export const useAdmin = (): { token: string; api: AdminApi } | null => {
  const session = useSession();
  const transport = useTransport();
  if (!session || !transport.admin) return null;
  return { token: session.token, api: transport.admin };
};

/** A device as a coordinator tells it apart: the start of its id (the device's clientId, S1). */
export const deviceLabel = (deviceId: string) => `Device ${deviceId.slice(0, 8)}`;

export const OFFLINE_TEXT = 'The coordinator screens need a connection';
export const FORBIDDEN_TEXT = 'Only coordinators can use these screens';

/** What kind of failure stops a whole screen, rather than one form. */
export const blockingFailure = (error: unknown): 'offline' | 'forbidden' | 'signed-out' | null => {
  if (!(error instanceof TransportError)) return null;
  const { failure } = error;
  if (failure.kind === 'offline') return 'offline';
  if (failure.kind === 'unauthorized' || failure.kind === 'device-revoked') return 'signed-out';
  if (failure.kind === 'rejected' && failure.status === 403) return 'forbidden';
  return null;
};

/**
 * A failed change as lines for the error summary: the server's 400 issues point at the fields
 * they name (S10 `details.issues`); everything else says plainly that nothing was changed.
 */
export const adminErrorItems = (error: unknown, fields: FieldRefs = {}): ErrorItem[] => {
  if (!(error instanceof TransportError))
    return [{ text: error instanceof Error ? error.message : 'Something went wrong. Try again.' }];
  const { failure } = error;
  switch (failure.kind) {
    case 'offline':
      return [{ text: `${OFFLINE_TEXT}. Nothing was changed; try again when online.` }];
    case 'unauthorized':
    case 'device-revoked':
      return [{ text: 'Your sign-in has ended. Sign in again, then try again.' }];
    case 'rate-limited':
      return [
        {
          text: `Too many requests. Try again in ${Math.ceil(failure.retryAfterMs / 1000)} seconds.`,
        },
      ];
    case 'rejected': {
      if (failure.status === 403) return [{ text: FORBIDDEN_TEXT }];
      if (failure.issues && failure.issues.length > 0) {
        return failure.issues.map((issue) => {
          const field = fields[issue.path.split('.')[0] ?? ''];
          return field
            ? { href: `#${field.id}`, text: `${field.label}: ${issue.message}` }
            : { text: `${issue.path || 'Request'}: ${issue.message}` };
        });
      }
      return [{ text: failure.message }];
    }
    default:
      return [{ text: `Nothing was changed: ${error.message}` }];
  }
};
