import { create } from 'zustand';

/** UI state only (STYLE.md 4): which forms are open, and whether a new app version waits. */
type UiState = {
  openForms: ReadonlySet<string>;
  updateWaiting: boolean;
  beginEditing: (key: string) => void;
  endEditing: (key: string) => void;
  setUpdateWaiting: (waiting: boolean) => void;
};

export const useUiStore = create<UiState>((set) => ({
  openForms: new Set(),
  updateWaiting: false,
  beginEditing: (key) => set((s) => ({ openForms: new Set(s.openForms).add(key) })),
  endEditing: (key) =>
    set((s) => {
      const next = new Set(s.openForms);
      next.delete(key);
      return { openForms: next };
    }),
  setUpdateWaiting: (updateWaiting) => set({ updateWaiting }),
}));
