// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook } from '@testing-library/react';
import { useIdle } from './idle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const MINUTE = 60_000;

/** The hook as KeyringGate uses it: the policy (afterMs) can change while it runs. */
const idleHook = (afterMs: number | null) => {
  const onIdle = vi.fn();
  const hook = renderHook(({ after }: { after: number | null }) => useIdle(after, onIdle), {
    initialProps: { after: afterMs },
  });
  return { onIdle, rerender: (after: number | null) => hook.rerender({ after }) };
};

describe('the idle lock', () => {
  it('calls once the set time passes untouched, and a touch starts the count again', () => {
    const { onIdle } = idleHook(MINUTE);
    act(() => vi.advanceTimersByTime(45_000));
    window.dispatchEvent(new Event('pointerdown'));
    act(() => vi.advanceTimersByTime(45_000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(30_000));
    expect(onIdle).toHaveBeenCalled();
  });

  it('words coming in without a key or a touch (dictation, predictive text) count as use', () => {
    const { onIdle } = idleHook(MINUTE);
    const field = document.createElement('textarea');
    document.body.append(field);
    for (let second = 0; second < 90; second += 15) {
      act(() => vi.advanceTimersByTime(15_000));
      field.value += 'dictated words ';
      field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
    }
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(MINUTE));
    expect(onIdle).toHaveBeenCalled();
    field.remove();
  });

  it('a policy that arrives after unlock counts the time already idle: a shorter one applies at once', () => {
    // Unlocked with the default (10 minutes) before the coordinator's 1 minute was read.
    const { onIdle, rerender } = idleHook(10 * MINUTE);
    act(() => vi.advanceTimersByTime(75_000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => rerender(MINUTE));
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('a policy change does not shorten the count when the app was touched meanwhile', () => {
    const { onIdle, rerender } = idleHook(10 * MINUTE);
    act(() => vi.advanceTimersByTime(75_000));
    window.dispatchEvent(new Event('keydown'));
    act(() => rerender(MINUTE));
    act(() => vi.advanceTimersByTime(45_000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(30_000));
    expect(onIdle).toHaveBeenCalled();
  });

  it('turned off and on again (locked, then unlocked), the count starts afresh', () => {
    const { onIdle, rerender } = idleHook(MINUTE);
    act(() => vi.advanceTimersByTime(50_000));
    act(() => rerender(null));
    act(() => vi.advanceTimersByTime(10 * MINUTE));
    act(() => rerender(MINUTE));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(45_000));
    expect(onIdle).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(30_000));
    expect(onIdle).toHaveBeenCalled();
  });
});
