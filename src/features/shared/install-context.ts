import { createContext, useContext } from 'react';

/**
 * Whether the browser offers to install Fieldbook as an app (its `beforeinstallprompt`), and the
 * way to ask. The shell listens for the event and provides this; screens only read it.
 */
export type InstallOffer =
  { canInstall: false } | { canInstall: true; install: () => Promise<void> };

export const InstallContext = createContext<InstallOffer>({ canInstall: false });

export const useInstallOffer = (): InstallOffer => useContext(InstallContext);
