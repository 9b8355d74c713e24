// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useRecordForm } from './useRecordForm';

type Form = { text: string };

const debounce = () => act(async () => void (await vi.advanceTimersByTimeAsync(300)));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useRecordForm', () => {
  it('keeps a keystroke typed while a save was in flight, and takes a change from elsewhere', async () => {
    const saves: { patch: Partial<Form>; done: () => void }[] = [];
    const save = (patch: Partial<Form>) =>
      new Promise<void>((resolve) => saves.push({ patch, done: resolve }));
    const { result, rerender } = renderHook(
      ({ stored }: { stored: Form }) => useRecordForm(stored, save, () => 0),
      { initialProps: { stored: { text: 'a' } } },
    );

    act(() => result.current.set({ text: 'ab' }));
    await debounce();
    expect(saves).toHaveLength(1);
    expect(saves[0]!.patch).toEqual({ text: 'ab' });
    act(() => result.current.set({ text: 'abc' })); // typed while 'ab' is being written
    await act(async () => saves[0]!.done());
    rerender({ stored: { text: 'ab' } }); // the echo of the first write arrives
    expect(result.current.form.text).toBe('abc');

    await debounce();
    expect(saves).toHaveLength(2);
    await act(async () => saves[1]!.done());
    rerender({ stored: { text: 'abc' } });
    expect(result.current.form.text).toBe('abc');

    rerender({ stored: { text: 'chosen in a conflict' } }); // a change from elsewhere
    expect(result.current.form.text).toBe('chosen in a conflict');
    rerender({ stored: { text: 'abc' } }); // …and back to a value this form once sent
    expect(result.current.form.text).toBe('abc');
  });

  it('shows without saving when asked to', async () => {
    const saved: Partial<Form>[] = [];
    const { result } = renderHook(() =>
      useRecordForm<Form>(
        { text: '' },
        async (p) => void saved.push(p),
        () => 0,
      ),
    );
    act(() => result.current.set({ text: 'Mary Jones' }, {}));
    expect(result.current.form.text).toBe('Mary Jones');
    await debounce();
    expect(saved).toEqual([]);
  });
});
