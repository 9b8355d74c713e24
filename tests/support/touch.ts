import type { Page } from 'playwright-core';

/** DESIGN.md §6: touch targets at least 44 px (stricter than WCAG 2.2's 24 px minimum). */
export const MIN_TOUCH_TARGET_PX = 44;

export type SmallTarget = { element: string; width: number; height: number };

/**
 * Visible interactive elements whose tap area is smaller than `minPx` in either direction. A
 * radio's or checkbox's area includes its label (tapping the label ticks it, as GOV.UK designs
 * it). Links inside running text are left out, as WCAG 2.5.8 exempts them: their size is the
 * sentence's.
 */
export const smallTouchTargets = (
  page: Page,
  minPx = MIN_TOUCH_TARGET_PX,
): Promise<SmallTarget[]> =>
  // No named functions inside: tsx's `__name` helper does not exist in the page.
  page.evaluate((min) => {
    const selector =
      'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="tab"]';
    const small: { element: string; width: number; height: number }[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const own = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (element.closest('[hidden], [aria-hidden="true"]')) continue;
      if (element.tagName === 'A' && element.parentElement) {
        const parent = element.parentElement;
        const inText = ['P', 'LI', 'TD', 'DD', 'SPAN'].includes(parent.tagName);
        const siblingText =
          (parent.textContent ?? '').trim().length > (element.textContent ?? '').trim().length;
        if (inText && siblingText) continue;
      }
      let left = own.left;
      let top = own.top;
      let right = own.right;
      let bottom = own.bottom;
      const input = element instanceof HTMLInputElement ? element : null;
      if (input && (input.type === 'radio' || input.type === 'checkbox')) {
        for (const label of Array.from(input.labels ?? [])) {
          const box = label.getBoundingClientRect();
          left = Math.min(left, box.left);
          top = Math.min(top, box.top);
          right = Math.max(right, box.right);
          bottom = Math.max(bottom, box.bottom);
        }
      }
      const width = right - left;
      const height = bottom - top;
      // Not rendered, or visually hidden until focused (GOV.UK's skip link: a 1 px clipped box).
      if (own.width <= 1 && own.height <= 1) continue;
      // Half a pixel of slack: layout rounding, not design.
      if (width + 0.5 < min || height + 0.5 < min) {
        const name = (element.getAttribute('aria-label') ?? element.textContent ?? '')
          .trim()
          .slice(0, 40);
        const id = element.id ? `#${element.id}` : '';
        small.push({
          element: `${element.tagName.toLowerCase()}${id}${name ? ` "${name}"` : ''}`,
          width: Math.round(width),
          height: Math.round(height),
        });
      }
    }
    return small;
  }, minPx);

/** Throws a readable list when any tap target on the page is smaller than `minPx`. */
export const expectTouchTargets = async (
  page: Page,
  label: string,
  minPx = MIN_TOUCH_TARGET_PX,
): Promise<void> => {
  const small = await smallTouchTargets(page, minPx);
  if (small.length > 0) {
    throw new Error(
      `${small.length} touch target(s) under ${minPx} px on ${label}:\n` +
        small.map((s) => `- ${s.element}: ${s.width}×${s.height}`).join('\n'),
    );
  }
};
