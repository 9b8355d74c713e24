/**
 * Every text `region` (a live region) takes from now on, in order: what a screen reader would
 * read out (WCAG 2.2 4.1.3), counted by a MutationObserver as assistive technology watches it.
 * The list grows as the region changes; a text equal to the one before is not counted again.
 */
export const heardFrom = (region: Element): string[] => {
  const said: string[] = [];
  new MutationObserver(() => {
    const text = region.textContent ?? '';
    if (text && text !== said.at(-1)) said.push(text);
  }).observe(region, { childList: true, characterData: true, subtree: true });
  return said;
};
