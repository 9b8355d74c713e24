import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminKeys, type AdminApi } from './admin-api';

export type Admin = { token: string; api: AdminApi };

// Coordinator data changes rarely and only through these screens; a short stale time keeps
// moving between them quick without hiding another coordinator's change for long.
const STALE_MS = 30_000;

export const useAdminUsers = ({ api, token }: Admin) =>
  useQuery({
    queryKey: adminKeys.users(),
    queryFn: () => api.listUsers(token),
    staleTime: STALE_MS,
  });

export const useAdminInspections = ({ api, token }: Admin) =>
  useQuery({
    queryKey: adminKeys.inspections(),
    queryFn: () => api.listInspections(token),
    staleTime: STALE_MS,
  });

/**
 * The inspections and the users together, for the screens that need both (an inspection's team
 * names users): the first error of either, and one retry that fetches both again.
 */
export const useAdminInspectionsAndUsers = (admin: Admin) => {
  const inspections = useAdminInspections(admin);
  const users = useAdminUsers(admin);
  return {
    inspections: inspections.data,
    users: users.data,
    error: inspections.error ?? users.error,
    retry: () => {
      void inspections.refetch();
      void users.refetch();
    },
  };
};

export const useAdminSettings = ({ api, token }: Admin) =>
  useQuery({
    queryKey: adminKeys.settings(),
    queryFn: () => api.getSettings(token),
    staleTime: STALE_MS,
  });

export const useAuditLog = ({ api, token }: Admin) =>
  useQuery({ queryKey: adminKeys.audit(), queryFn: () => api.audit(token) });

/**
 * A coordinator's change: on success the lists it touched, and the audit log (every change is
 * audited), are fetched again.
 */
export const useAdminMutation = <Input, Output>(
  run: (input: Input) => Promise<Output>,
  touches: readonly (readonly string[])[],
  onSuccess?: (output: Output, input: Input) => void,
) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (output, input) => {
      onSuccess?.(output, input);
      await Promise.all(
        [...touches, adminKeys.audit()].map((queryKey) => client.invalidateQueries({ queryKey })),
      );
    },
  });
};
