// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import {
  AUTOSAVE_DELAY_MS,
  AUTOSAVE_MAX_WAIT_MS,
  AUTOSAVE_RETRY_MS,
  useAutosave,
} from './useAutosave';

type Patch = { text: string };
const KEY_EVERY_MS = 125; // 8 keys a second, steady: never a 300 ms pause

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const setup = () => {
  const saved: { at: number; text: string }[] = [];
  const started = Date.now();
  const { result } = renderHook(() =>
    useAutosave<Patch>(
      async (p) => void saved.push({ at: Date.now() - started, text: p.text }),
      () => Date.now(),
    ),
  );
  return { saved, result };
};

describe('useAutosave', () => {
  it('saves after a 300 ms pause', async () => {
    const { saved, result } = setup();
    act(() => result.current.change({ text: 'a' }));
    await act(async () => void (await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1)));
    expect(saved).toEqual([]);
    await act(async () => void (await vi.advanceTimersByTimeAsync(1)));
    expect(saved).toEqual([{ at: AUTOSAVE_DELAY_MS, text: 'a' }]);
  });

  it('saves at least once a second while typing continues without a pause', async () => {
    const { saved, result } = setup();
    let text = '';
    for (let key = 0; key < 40; key++) {
      text += 'x';
      const now = text;
      act(() => result.current.change({ text: now }));
      await act(async () => void (await vi.advanceTimersByTimeAsync(KEY_EVERY_MS)));
    }
    // 5 s of typing: a save at least once a second, each holding everything typed up to it.
    expect(saved.map((s) => s.at)).toEqual([750, 1500, 2250, 3000, 3750, 4500]);
    for (const s of saved) expect(s.text.length).toBe(Math.ceil(s.at / KEY_EVERY_MS));
    expect(AUTOSAVE_MAX_WAIT_MS).toBeLessThan(1000);
  });

  it('flushes what is waiting when the page is hidden and when it is being unloaded', async () => {
    const { saved, result } = setup();
    act(() => result.current.change({ text: 'before hiding' }));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    await act(async () => void document.dispatchEvent(new Event('visibilitychange')));
    expect(saved.map((s) => s.text)).toEqual(['before hiding']);
    act(() => result.current.change({ text: 'before unload' }));
    await act(async () => void window.dispatchEvent(new Event('pagehide')));
    expect(saved.map((s) => s.text)).toEqual(['before hiding', 'before unload']);
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });
});

describe('useAutosave after a failed write', () => {
  it('tries again on its own until the words are saved, with no keystroke needed', async () => {
    let full = true;
    const saved: string[] = [];
    const { result } = renderHook(() =>
      useAutosave<Patch>(
        async (p) => {
          if (full) throw new Error('This tablet is out of storage space');
          saved.push(p.text);
        },
        () => Date.now(),
      ),
    );
    act(() => result.current.change({ text: 'The rota has two gaps a week' }));
    await act(async () => void (await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)));
    expect(result.current.status.state).toBe('error');
    await act(async () => void (await vi.advanceTimersByTimeAsync(AUTOSAVE_RETRY_MS)));
    expect(result.current.status.state).toBe('error'); // still full: still waiting, still said
    full = false; // space freed; nobody types
    await act(async () => void (await vi.advanceTimersByTimeAsync(AUTOSAVE_RETRY_MS)));
    expect(saved).toEqual(['The rota has two gaps a week']);
    expect(result.current.status.state).toBe('saved');
  });
});
