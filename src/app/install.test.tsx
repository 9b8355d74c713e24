// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { InstallBanner } from '../features/inspections/InstallBanner';
import { InstallContext } from '../features/shared/install-context';
import { useInstallPrompt } from './install';

afterEach(cleanup);

/** What Chromium fires when the app may be installed. */
const offerEvent = () => {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  const prompt = vi.fn(() => Promise.resolve());
  Object.assign(event, { prompt, userChoice: Promise.resolve({ outcome: 'accepted' }) });
  return { event, prompt };
};

describe('the install prompt (issue 9)', () => {
  it('keeps the browser’s offer, asks with it once, and drops it once used', async () => {
    const { result } = renderHook(() => useInstallPrompt());
    expect(result.current.canInstall).toBe(false);
    const { event, prompt } = offerEvent();
    act(() => {
      window.dispatchEvent(event);
    });
    // The browser's own mini-infobar is held back: our button asks instead.
    expect(event.defaultPrevented).toBe(true);
    expect(result.current.canInstall).toBe(true);
    await act(async () => {
      if (result.current.canInstall) await result.current.install();
    });
    expect(prompt).toHaveBeenCalledTimes(1);
    expect(result.current.canInstall).toBe(false);
  });

  it('forgets the offer when the app is installed another way', () => {
    const { result } = renderHook(() => useInstallPrompt());
    act(() => {
      window.dispatchEvent(offerEvent().event);
    });
    expect(result.current.canInstall).toBe(true);
    act(() => {
      window.dispatchEvent(new Event('appinstalled'));
    });
    expect(result.current.canInstall).toBe(false);
  });

  it('shows an Install button on the start screen only while the browser offers it', async () => {
    const install = vi.fn(() => Promise.resolve());
    const { rerender } = render(
      <InstallContext.Provider value={{ canInstall: true, install }}>
        <InstallBanner />
      </InstallContext.Provider>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Install Fieldbook' }));
    expect(install).toHaveBeenCalledTimes(1);
    rerender(
      <InstallContext.Provider value={{ canInstall: false }}>
        <InstallBanner />
      </InstallContext.Provider>,
    );
    expect(screen.queryByTestId('install-banner')).toBeNull();
  });
});
