// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { SaveStatus } from './SaveStatus';
import { DraftStatus } from './DraftStatus';
import { AUTOSAVE_DELAY_MS, useAutosave } from './useAutosave';
import { NEW_SITTING, saveNews, useNews } from './save-announcer';
import { heardFrom } from '../../../tests/support/unit/heard';

// WCAG 2.2 4.1.3: what a screen reader hears while someone types. Every text the live region
// takes is read out, so the test counts what reaches it (a MutationObserver, as assistive
// technology watches it), while the visible status keeps changing at every save.

/** Whether the next write fails; the save resolves on the next tick like a database write. */
let failing = false;
const save = () =>
  new Promise<void>((resolve, reject) =>
    setTimeout(() => (failing ? reject(new Error('The tablet is full')) : resolve()), 5),
  );

const Editor = ({ draft }: { draft?: boolean }) => {
  const autosave = useAutosave<{ text: string }>(save, () => Date.now());
  return (
    <>
      <textarea aria-label="Notes" onChange={(e) => autosave.change({ text: e.target.value })} />
      {draft ? (
        <DraftStatus status={autosave.status} changed then="“Send” sends it." />
      ) : (
        <SaveStatus status={autosave.status} testId="shown" />
      )}
    </>
  );
};

/** Every text the live region took, in order (what a screen reader would read out). */
const heard = (): string[] => heardFrom(screen.getByRole('status'));

/** Types a word, then pauses long enough for the autosave to write it. */
const typeAndPause = async (word: string) => {
  const notes = screen.getByLabelText('Notes');
  const value = `${(notes as HTMLTextAreaElement).value} ${word}`;
  fireEvent.change(notes, { target: { value } });
  await act(() => vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS + 50));
};

beforeEach(() => {
  vi.useFakeTimers({ now: new Date(2026, 10, 30, 9, 14) });
  failing = false;
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the save status reads out what matters, not every autosave', () => {
  it('says the first save of a sitting once, then nothing through forty saves of steady typing', async () => {
    render(<Editor />);
    const said = heard();
    const shown = new Set<string>();
    for (let i = 0; i < 40; i += 1) {
      await typeAndPause(`word${i}`);
      shown.add(screen.getByTestId('shown').textContent ?? '');
      await act(() => vi.advanceTimersByTimeAsync(1000)); // the clock moves: a new "Saved at"
    }
    // The visible status changed at every save; the live region spoke once.
    expect(shown.size).toBeGreaterThanOrEqual(40);
    expect(said).toEqual([
      'Saved on this device. It saves as you type; you will hear if a change is not saved.',
    ]);
  });

  it('says a failure once however many retries fail, and the save that ends it', async () => {
    render(<Editor />);
    const said = heard();
    await typeAndPause('The');
    failing = true;
    for (const word of ['worker', 'visited', 'twice']) await typeAndPause(word);
    failing = false;
    for (const word of ['in', 'May']) await typeAndPause(word);
    expect(said).toEqual([
      'Saved on this device. It saves as you type; you will hear if a change is not saved.',
      'Not saved',
      'Saved again: everything you typed is on this device.',
    ]);
    expect(screen.getByTestId('shown').textContent).toMatch(/^Saved at 09:14:\d\d$/);
  });

  it('a form kept on the tablet says once that it is kept and not sent, then a failure', async () => {
    render(<Editor draft />);
    const said = heard();
    for (const word of ['Ask', 'about', 'the', 'plan']) await typeAndPause(word);
    failing = true;
    await typeAndPause('again');
    expect(said).toEqual([
      'What you type is saved on this tablet as you type, and not yet sent. “Send” sends it. You will hear if a change is not saved.',
      'Not saved on this tablet: The tablet is full',
    ]);
    expect(screen.getByTestId('draft-status').textContent).toBe(
      'Not saved on this tablet: The tablet is full',
    );
  });
});

describe('saveNews', () => {
  const saved = { state: 'saved', at: 1 } as const;
  const error = { state: 'error', error: new Error('x') } as const;
  it('is news only for a first save, a failure and the save after it', () => {
    let sitting = NEW_SITTING;
    const seen: (string | null)[] = [];
    for (const status of [
      { state: 'pending' },
      saved,
      { state: 'saving' },
      { ...saved, at: 2 },
      error,
      error,
      saved,
      saved,
    ] as const) {
      const next = saveNews(sitting, status);
      seen.push(next.news);
      sitting = next.sitting;
    }
    expect(seen).toEqual([null, 'first', null, null, 'failed', null, 'again', null]);
  });
});

describe('useNews', () => {
  /** A region whose every new input is the same news ("Sync finished."), as two presses give. */
  const SameNews = ({ input }: { input: number }) => {
    const said = useNews(
      input,
      (a, b) => a === b,
      (known: number, next: number) => ({ news: next > 0 ? 'Sync finished.' : null, known }),
      0,
    );
    return <p role="status">{said}</p>;
  };

  it('reads the same news out again when it comes again, and nothing on a re-render', async () => {
    const { rerender } = render(<SameNews input={0} />);
    const said = heard();
    for (const input of [1, 1, 2, 3]) {
      rerender(<SameNews input={input} />);
      await act(() => vi.advanceTimersByTimeAsync(1)); // the observer reads each
    }
    // A live region reads out only a change: the news a second time differs by a no-break space.
    expect(said).toEqual(['Sync finished.', 'Sync finished.\u00a0', 'Sync finished.']);
  });
});
