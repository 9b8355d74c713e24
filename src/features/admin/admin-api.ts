import { TransportError, type Transport } from '../../sync';
import { useSession, useTransport } from '../shared/sync-context';
import type { ErrorItem, FieldRefs } from '../shared/write-errors';
import type { AdminUser } from '../../domain';
import { formatDate, hourMinute, localDateOf } from '../shared/format';

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

type AdminDevice = AdminUser['devices'][number];

/**
 * Each of a person's devices as a coordinator tells them apart: the browser and platform the
 * server read at its first sign-in and when that was ("Chrome on an Android tablet, first signed
 * in 28 November 2026 at 09:41"). A device the server could not name falls back to the start of
 * its id (its clientId, S1); two that read the same both carry it, so no two labels are alike.
 */
export const deviceLabels = (devices: readonly AdminDevice[]): Map<string, string> => {
  const base = (d: AdminDevice) =>
    `${d.description ?? `Device ${d.deviceId.slice(0, 8)}`}, first signed in ${formatDate(localDateOf(d.createdAt))} at ${hourMinute(d.createdAt)}`;
  const counts = new Map<string, number>();
  for (const d of devices) counts.set(base(d), (counts.get(base(d)) ?? 0) + 1);
  return new Map(
    devices.map((d) => {
      const label = base(d);
      return [d.deviceId, counts.get(label)! > 1 ? `${label} (${d.deviceId.slice(0, 8)})` : label];
    }),
  );
};

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
