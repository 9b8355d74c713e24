import type { Page } from 'playwright-core';

/**
 * WCAG 2.2 checks for a tablet used by touch, read from the page as it stands (touch.ts holds the
 * house's stricter 44 px rule): 2.5.8 Target Size (Minimum), each control inside the screen's
 * width (1.4.10 Reflow: a control past the right edge is one nobody finds), an accessible name on
 * every control, and 2.4.11 Focus Not Obscured (a fixed or sticky bar must not cover the
 * control that has focus). The page functions name no inner functions: tsx's `__name` helper
 * does not exist in the page.
 */

/** WCAG 2.2 SC 2.5.8: 24 by 24 CSS px, or spaced so a 24 px circle on it touches no other. */
export const WCAG_TARGET_PX = 24;

const CONTROLS =
  'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="tab"], [tabindex]:not([tabindex="-1"])';

/** Every visible control's problems with size or spacing, width and name, one line each. */
export const controlProblems = (page: Page, minPx = WCAG_TARGET_PX): Promise<string[]> =>
  page.evaluate(
    ({ selector, min }) => {
      type Target = { id: string; x: number; y: number; box: DOMRect; small: boolean };
      const problems: string[] = [];
      const targets: Target[] = [];
      const screenWidth = document.documentElement.clientWidth;
      for (const element of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
        const style = getComputedStyle(element);
        if (style.display === 'none' || style.visibility === 'hidden') continue;
        if (element.closest('[hidden], [aria-hidden="true"], [inert]')) continue;
        const own = element.getBoundingClientRect();
        // Not rendered, or visually hidden until focused (the skip link: a 1 px clipped box).
        if (own.width <= 1 && own.height <= 1) continue;

        const field =
          element instanceof HTMLInputElement ||
          element instanceof HTMLSelectElement ||
          element instanceof HTMLTextAreaElement
            ? element
            : null;
        const labels = field ? Array.from(field.labels ?? []) : [];
        const names = [
          (element.getAttribute('aria-labelledby') ?? '')
            .split(/\s+/)
            .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
            .join(' '),
          element.getAttribute('aria-label') ?? '',
          labels.map((label) => label.textContent ?? '').join(' '),
          element instanceof HTMLInputElement &&
          ['submit', 'button', 'reset'].includes(element.type)
            ? element.value
            : '',
          field ? '' : (element.textContent ?? ''),
          Array.from(element.querySelectorAll('img[alt]'))
            .map((img) => img.getAttribute('alt') ?? '')
            .join(' '),
          element.getAttribute('title') ?? '',
        ];
        const name = (names.find((n) => n.trim() !== '') ?? '').replace(/\s+/g, ' ').trim();
        const id = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${
          name ? ` "${name.slice(0, 40)}"` : ''
        }`;
        if (!name) problems.push(`${id}: no accessible name`);

        // A radio's or checkbox's target includes its label: tapping the label ticks it.
        let left = own.left;
        let top = own.top;
        let right = own.right;
        let bottom = own.bottom;
        if (element instanceof HTMLInputElement && ['radio', 'checkbox'].includes(element.type)) {
          for (const label of labels) {
            const b = label.getBoundingClientRect();
            left = Math.min(left, b.left);
            top = Math.min(top, b.top);
            right = Math.max(right, b.right);
            bottom = Math.max(bottom, b.bottom);
          }
        }
        const box = new DOMRect(left, top, right - left, bottom - top);

        // Reflow: inside the screen's width, or inside a region that scrolls sideways on its own
        // (the coverage matrix), which must itself be inside it.
        let region: DOMRect = box;
        for (let p = element.parentElement; p && p !== document.body; p = p.parentElement) {
          if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) {
            region = p.getBoundingClientRect();
            break;
          }
        }
        if (region.left < -0.5 || region.right > screenWidth + 0.5)
          problems.push(
            `${id}: spans ${Math.round(region.left)}–${Math.round(region.right)} px, past the ${screenWidth} px screen`,
          );

        // A link inside a sentence is exempt from 2.5.8: its size is the sentence's.
        const parent = element.parentElement;
        const inSentence =
          element.tagName === 'A' &&
          parent !== null &&
          ['P', 'LI', 'TD', 'DD', 'SPAN'].includes(parent.tagName) &&
          (parent.textContent ?? '').trim().length > (element.textContent ?? '').trim().length;
        // Half a pixel of slack: layout rounding, not design.
        const small = !inSentence && (box.width + 0.5 < min || box.height + 0.5 < min);
        targets.push({ id, x: left + box.width / 2, y: top + box.height / 2, box, small });
      }

      // 2.5.8's spacing exception: a 24 px circle centred on an undersized target may not
      // intersect another target, nor the circle of another undersized one.
      for (const t of targets.filter((target) => target.small)) {
        const crowded = targets.filter((other) => {
          if (other === t) return false;
          if (other.small) return Math.hypot(other.x - t.x, other.y - t.y) < min;
          const dx = Math.max(other.box.left - t.x, 0, t.x - other.box.right);
          const dy = Math.max(other.box.top - t.y, 0, t.y - other.box.bottom);
          return Math.hypot(dx, dy) < min / 2;
        });
        if (crowded.length > 0)
          problems.push(
            `${t.id}: ${Math.round(t.box.width)}×${Math.round(t.box.height)} px and within ` +
              `${min / 2} px of ${crowded.map((c) => c.id).join(', ')}`,
          );
      }
      return problems;
    },
    { selector: CONTROLS, min: minPx },
  );

export type FocusView = {
  element: string;
  /** Of the nine points sampled over the control (corners, edges' middles, centre), how many are seen. */
  seen: number;
  centreSeen: boolean;
  /** What covers the rest: the covering element's tag and class, or "off screen". */
  coveredBy: string[];
  /** From the control's bottom edge to the screen's, in px (negative: below the screen). */
  fromBottom: number;
};

/**
 * The focused control as the eye finds it: which of nine points over its box are on screen and
 * not under another element (a fixed bar, a sticky column). `null` when nothing has focus; marks
 * the control so `again` says when Tab has come round to it a second time.
 */
export const focusedView = (page: Page): Promise<(FocusView & { again: boolean }) | null> =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return null;
    const w = window as unknown as { __fbTabbed?: WeakSet<Element> };
    w.__fbTabbed ??= new WeakSet();
    const again = w.__fbTabbed.has(element);
    w.__fbTabbed.add(element);
    const r = element.getBoundingClientRect();
    const labels =
      element instanceof HTMLInputElement ||
      element instanceof HTMLSelectElement ||
      element instanceof HTMLTextAreaElement
        ? Array.from(element.labels ?? [])
        : [];
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    const inset = Math.min(2, r.width / 4, r.height / 4);
    const xs = [r.left + inset, r.left + r.width / 2, r.right - inset];
    const ys = [r.top + inset, r.top + r.height / 2, r.bottom - inset];
    const coveredBy = new Set<string>();
    let seen = 0;
    let centreSeen = false;
    for (const [i, x] of xs.entries()) {
      for (const [j, y] of ys.entries()) {
        let visible = false;
        if (x < 0 || y < 0 || x >= width || y >= height) coveredBy.add('off screen');
        else {
          const top = document.elementFromPoint(x, y);
          visible =
            top === null ||
            element.contains(top) ||
            top.contains(element) ||
            labels.some((label) => label.contains(top));
          if (!visible && top) {
            const layer = top.closest('.fb-line-bar, .fb-home-actions, th, header, nav') ?? top;
            coveredBy.add(`${layer.tagName.toLowerCase()}.${layer.className}`.trim());
          }
        }
        if (visible) seen += 1;
        if (visible && i === 1 && j === 1) centreSeen = true;
      }
    }
    const name = (element.getAttribute('aria-label') ?? element.textContent ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 40);
    const label = labels[0]?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 40);
    return {
      element: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${
        label ?? name
      }"`,
      seen,
      centreSeen,
      coveredBy: [...coveredBy],
      fromBottom: Math.round(height - r.bottom),
      again,
    };
  });

/** Controls past which Tab is assumed to loop (no screen here has this many). */
const MAX_TABS = 250;

/**
 * Tabs through the whole page from the top, as a keyboard or switch user does, and lists each
 * control whose centre was hidden (off screen or under another element) once it had focus.
 */
export const obscuredOnFocus = async (
  page: Page,
  onFocus?: (view: FocusView, tab: number) => Promise<void>,
): Promise<string[]> => {
  // Tab goes on from where focus last was, so the walk starts by focusing the page's first
  // control (the skip link) with the page at its top.
  await page.evaluate((selector) => {
    (window as unknown as { __fbTabbed?: WeakSet<Element> }).__fbTabbed = new WeakSet();
    window.scrollTo(0, 0);
    const first = Array.from(document.querySelectorAll<HTMLElement>(selector)).find(
      (element) => element.tabIndex >= 0 && !element.matches(':disabled'),
    );
    first?.focus();
  }, CONTROLS);
  const problems: string[] = [];
  for (let tab = 0; tab < MAX_TABS; tab += 1) {
    const view = await focusedView(page);
    if (!view || view.again) return problems;
    await onFocus?.(view, tab);
    if (!view.centreSeen)
      problems.push(
        `${view.element} has focus but ${view.seen === 0 ? 'is hidden' : 'its centre is hidden'} ` +
          `(${9 - view.seen} of 9 points) by ${view.coveredBy.join(', ')}`,
      );
    await page.keyboard.press('Tab');
  }
  problems.push(`Tab never came round after ${MAX_TABS} controls`);
  return problems;
};
