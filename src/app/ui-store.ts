import { create } from 'zustand';
import type { OfflineReadiness } from '../features/shared/offline-readiness';

/**
 * UI state only (STYLE.md 4): which forms are open, whether a new app version waits, and whether
 * the tablet holds the whole app for use offline.
 */
type UiState = {
  openForms: ReadonlySet<string>;
  updateWaiting: boolean;
  offlineReadiness: OfflineReadiness;
  beginEditing: (key: string) => void;
  endEditing: (key: string) => void;
  setUpdateWaiting: (waiting: boolean) => void;
  setOfflineReadiness: (readiness: OfflineReadiness) => void;
};

export const useUiStore = create<UiState>((set) => ({
  openForms: new Set(),
  updateWaiting: false,
  offlineReadiness: { state: 'unknown' },
  beginEditing: (key) => set((s) => ({ openForms: new Set(s.openForms).add(key) })),
  endEditing: (key) =>
    set((s) => {
      const next = new Set(s.openForms);
      next.delete(key);
      return { openForms: next };
    }),
  setUpdateWaiting: (updateWaiting) => set({ updateWaiting }),
  // The same readiness reported again keeps its object, so no screen draws again for it.
  setOfflineReadiness: (readiness) =>
    set((s) =>
      JSON.stringify(s.offlineReadiness) === JSON.stringify(readiness)
        ? s
        : { offlineReadiness: readiness },
    ),
}));
