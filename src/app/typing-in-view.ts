/**
 * Keeps the field being typed into on screen when the screen changes size under it: the tablet
 * turned with the on-screen keyboard up (1024x420 once the keyboard is up in landscape), or the
 * keyboard opening. The browser scrolls to the caret only at the next keystroke, so an inspector
 * who turned the tablet mid-sentence saw the text they were writing gone below the keyboard; a
 * field still in view is left where it is. Returns the cleanup.
 */
export const keepTypingInView = (win: Window): (() => void) => {
  const onResize = () => {
    const field = win.document.activeElement;
    const typing =
      field instanceof HTMLTextAreaElement ||
      (field instanceof HTMLInputElement &&
        ['text', 'search', 'password', 'email', 'tel', 'url'].includes(field.type));
    if (!typing) return;
    const box = field.getBoundingClientRect();
    // What is on screen: the visual viewport where the keyboard shrinks only that (Safari).
    const view = win.visualViewport;
    const top = view?.offsetTop ?? 0;
    const bottom = top + (view?.height ?? win.innerHeight);
    if (box.top < top || box.bottom > bottom) field.scrollIntoView({ block: 'nearest' });
  };
  win.addEventListener('resize', onResize);
  win.visualViewport?.addEventListener('resize', onResize);
  return () => {
    win.removeEventListener('resize', onResize);
    win.visualViewport?.removeEventListener('resize', onResize);
  };
};
