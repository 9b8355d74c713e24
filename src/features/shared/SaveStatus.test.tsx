// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { SaveStatus, saveStatusText } from './SaveStatus';

afterEach(cleanup);

describe('one autosave wording for every editor', () => {
  it('says the same words for the same state', () => {
    const at = new Date(2026, 10, 28, 9, 41, 7).getTime();
    expect(saveStatusText({ state: 'idle' })).toBe('Saved on this device');
    expect(saveStatusText({ state: 'pending' })).toBe('Saving…');
    expect(saveStatusText({ state: 'saving' })).toBe('Saving…');
    expect(saveStatusText({ state: 'saved', at })).toBe('Saved at 09:41:07');
    expect(saveStatusText({ state: 'error', error: new Error('x') })).toBe('Not saved');
    expect(saveStatusText({ state: 'error', error: new Error('x') }, true)).toBe(
      'Not saved — see the message at the top',
    );
  });

  it('adds what happens next only once the words are saved, and gives way to a confirmation', () => {
    const after = '. It reaches the lead.';
    const { rerender } = render(
      <SaveStatus status={{ state: 'saving' }} after={after} testId="s" />,
    );
    expect(screen.getByTestId('s').textContent).toBe('Saving…');
    rerender(<SaveStatus status={{ state: 'idle' }} after={after} testId="s" />);
    expect(screen.getByTestId('s').textContent).toBe('Saved on this device. It reaches the lead.');
    rerender(
      <SaveStatus status={{ state: 'idle' }} after={after} instead="Reply sent." testId="s" />,
    );
    expect(screen.getByTestId('s').textContent).toBe('Reply sent.');
    // A confirmation is news: the live region reads it out.
    expect(screen.getByRole('status').textContent).toBe('Reply sent.');
  });
});
