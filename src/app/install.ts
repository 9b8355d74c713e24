import { useEffect, useState } from 'react';
import type { InstallOffer } from '../features/shared/install-context';

/** Chromium's install prompt event (not in TypeScript's DOM types). */
type BeforeInstallPromptEvent = Event & {
  prompt: () => Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
};

/**
 * Keeps the browser's install offer until it is used or the app is installed, so the home screen
 * can show an "Install" button (issue 9). Installed, the app opens full screen from the tablet's
 * home screen and the offer disappears (`appinstalled`).
 */
export const useInstallPrompt = (): InstallOffer => {
  const [event, setEvent] = useState<BeforeInstallPromptEvent | null>(null);
  useEffect(() => {
    const offered = (e: Event) => {
      e.preventDefault(); // our own button asks, at a moment that suits the inspector
      setEvent(e as BeforeInstallPromptEvent);
    };
    const installed = () => setEvent(null);
    window.addEventListener('beforeinstallprompt', offered);
    window.addEventListener('appinstalled', installed);
    return () => {
      window.removeEventListener('beforeinstallprompt', offered);
      window.removeEventListener('appinstalled', installed);
    };
  }, []);
  if (!event) return { canInstall: false };
  return {
    canInstall: true,
    install: async () => {
      await event.prompt();
      await event.userChoice;
      // An event prompts only once: accepted or dismissed, this offer is spent (the browser may
      // offer again later with a new event).
      setEvent(null);
    },
  };
};
