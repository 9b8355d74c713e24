/**
 * The caret back where it was after a lock. Locking blurs the focused field on purpose (a field
 * removed while focused keeps its words in React's memory, KeyringGate's closeUp), so an inspector
 * typing a note found the caret gone after unlocking. What is kept while locked is where it was —
 * the screen's path, the field's id and the caret's offsets — never the field's value: nothing
 * readable stays in memory while locked.
 */
export type FocusSpot = { path: string; id: string; start: number | null; end: number | null };

/** How long after unlock the screen may take to draw the field again (its data loads after the key). */
export const FOCUS_RETURN_WAIT_MS = 5_000;

const isTextField = (el: Element | null): el is HTMLInputElement | HTMLTextAreaElement =>
  el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement;

/** Where the caret is now, if it is in a text field that can be found again by its id. */
export const focusSpotOf = (el: Element | null, path: string): FocusSpot | null => {
  if (!isTextField(el) || !el.id) return null;
  // Inputs without a caret (a checkbox, a date picker) answer null; focusing them again is enough.
  return { path, id: el.id, start: el.selectionStart, end: el.selectionEnd };
};

/**
 * Once the field of `spot` is on screen again, editable, on the same path, and nothing else has
 * taken the focus meanwhile (the person tapped elsewhere), focuses it and puts the caret back.
 * Returns a function that stops waiting.
 */
export const returnFocus = (spot: FocusSpot, waitMs = FOCUS_RETURN_WAIT_MS): (() => void) => {
  const tryNow = (): boolean => {
    if (window.location.pathname !== spot.path) return true; // another screen: nothing to return to
    const active = document.activeElement;
    if (active && active !== document.body) return true; // the person is already somewhere
    const field = document.getElementById(spot.id);
    if (!isTextField(field) || field.disabled || field.readOnly) return false;
    field.focus();
    if (spot.start !== null && spot.end !== null) {
      const length = field.value.length;
      field.setSelectionRange(Math.min(spot.start, length), Math.min(spot.end, length));
    }
    return true;
  };
  const observer = new MutationObserver(() => {
    if (tryNow()) stop();
  });
  const timer = setTimeout(() => stop(), waitMs);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
  };
  if (tryNow()) stop();
  else
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['disabled', 'readonly'],
    });
  return stop;
};
