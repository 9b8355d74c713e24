// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { focusSpotOf, returnFocus } from './focus-return';

// After a lock and unlock, the caret goes back into the note being typed, where it was; the
// screen draws the field again only once its data has loaded behind the key.

const WORDS = 'The social worker visited twice in May';

const addNote = (value = WORDS) => {
  const field = document.createElement('textarea');
  field.id = 'evidence-text';
  field.value = value;
  document.body.append(field);
  return field;
};

afterEach(() => {
  document.body.replaceChildren();
  window.history.replaceState(null, '', '/');
});

describe('the caret after unlock', () => {
  it('keeps where the caret was, never the words', () => {
    const field = addNote();
    field.focus();
    field.setSelectionRange(4, 10);
    const spot = focusSpotOf(document.activeElement, '/i/1/evidence/2');
    expect(spot).toEqual({ path: '/i/1/evidence/2', id: 'evidence-text', start: 4, end: 10 });
    expect(JSON.stringify(spot)).not.toContain('social');
    expect(focusSpotOf(document.body, '/')).toBeNull();
  });

  it('puts it back once the field is drawn again on the same screen', async () => {
    window.history.replaceState(null, '', '/i/1/evidence/2');
    returnFocus({ path: '/i/1/evidence/2', id: 'evidence-text', start: 12, end: 12 });
    await Promise.resolve();
    const field = addNote(); // the editor mounts after its row is read
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([12, 12]);
  });

  it('leaves the focus where the person put it, and a field on another screen alone', async () => {
    window.history.replaceState(null, '', '/i/1/evidence/2');
    const other = document.createElement('input');
    document.body.append(other);
    other.focus();
    returnFocus({ path: '/i/1/evidence/2', id: 'evidence-text', start: 3, end: 3 });
    const field = addNote();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.activeElement).toBe(other);

    other.blur();
    window.history.replaceState(null, '', '/i/1/evidence');
    returnFocus({ path: '/i/1/evidence/2', id: 'evidence-text', start: 3, end: 3 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.activeElement).not.toBe(field);
  });

  it('a caret past the end of a shorter note goes to its end', async () => {
    window.history.replaceState(null, '', '/n');
    const field = addNote('Short');
    returnFocus({ path: '/n', id: 'evidence-text', start: 30, end: 30 });
    expect(document.activeElement).toBe(field);
    expect(field.selectionStart).toBe(5);
  });
});
