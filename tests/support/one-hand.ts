import type { Locator, Page } from 'playwright-core';
import type { TabletOrientation } from './browser';
import { MIN_TOUCH_TARGET_PX } from './touch';

/**
 * A tablet held in one hand (tests/e2e/one-hand.test.ts): what the inspector sees while typing
 * with the on-screen keyboard up, and where their thumb lands. Page functions name no inner
 * functions: tsx's `__name` helper does not exist in the page.
 */

/**
 * The screen left above a 10-inch tablet's on-screen keyboard, which takes about 40 % of its
 * height. Chrome and Firefox on Android shrink the layout viewport by it only when the viewport
 * meta asks (`interactive-widget=resizes-content`): the test shrinks it, as they then do.
 */
export const KEYBOARD_UP_VIEWPORTS = {
  portrait: { width: 768, height: 600 },
  landscape: { width: 1024, height: 420 },
} as const satisfies Record<TabletOrientation, { width: number; height: number }>;

export type CaretView = {
  field: string;
  /** The caret's line, in viewport px: top and bottom. */
  caret: [number, number];
  /** Whether that line is on screen and not under anything (a fixed bar, the keyboard's edge). */
  seen: boolean;
  coveredBy: string;
  value: string;
  selectionStart: number;
};

/**
 * Where the caret of the focused text field is, as the eye finds it: a mirror of the field's text
 * up to the caret (same font, width and wrapping) gives its line; that line's middle must be
 * inside the viewport and the topmost element there must be the field. `null` when no text field
 * has focus.
 */
export const caretView = (page: Page): Promise<CaretView | null> =>
  page.evaluate(() => {
    const field = document.activeElement;
    const isText =
      field instanceof HTMLTextAreaElement ||
      (field instanceof HTMLInputElement &&
        ['text', 'search', 'password', 'email', 'tel', 'url', ''].includes(field.type));
    if (!isText) return null;
    const box = field.getBoundingClientRect();
    const style = getComputedStyle(field);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.25;
    let top = box.top + box.height / 2 - lineHeight / 2;
    if (field instanceof HTMLTextAreaElement) {
      const mirror = document.createElement('div');
      for (const p of [
        'boxSizing',
        'width',
        'paddingTop',
        'paddingRight',
        'paddingBottom',
        'paddingLeft',
        'borderTopWidth',
        'borderRightWidth',
        'borderBottomWidth',
        'borderLeftWidth',
        'fontFamily',
        'fontSize',
        'fontWeight',
        'lineHeight',
        'letterSpacing',
        'wordSpacing',
        'tabSize',
      ] as const)
        mirror.style[p] = style[p];
      mirror.style.position = 'absolute';
      mirror.style.visibility = 'hidden';
      mirror.style.whiteSpace = 'pre-wrap';
      mirror.style.overflowWrap = 'break-word';
      mirror.style.borderStyle = 'solid';
      mirror.textContent = field.value.slice(0, field.selectionStart ?? 0);
      const marker = document.createElement('span');
      marker.textContent = '\u200b';
      mirror.append(marker);
      document.body.append(mirror);
      top = box.top + marker.offsetTop - field.scrollTop;
      mirror.remove();
    }
    const bottom = top + lineHeight;
    const x = box.left + Math.min(box.width / 2, 40);
    const y = top + lineHeight / 2;
    let seen = false;
    let coveredBy = 'off screen';
    if (y >= 0 && y < window.innerHeight) {
      const at = document.elementFromPoint(x, y);
      seen = at === field;
      const layer = at?.closest('.fb-line-bar, .fb-home-actions, header, nav') ?? at;
      coveredBy = seen ? '' : `${layer?.tagName.toLowerCase()}.${layer?.className ?? ''}`;
    }
    const label =
      (field as HTMLInputElement | HTMLTextAreaElement).labels?.[0]?.textContent?.trim() ?? '';
    return {
      field: `${field.tagName.toLowerCase()}#${field.id} "${label.slice(0, 30)}"`,
      caret: [Math.round(top), Math.round(bottom)],
      seen,
      coveredBy,
      value: field.value,
      selectionStart: field.selectionStart ?? 0,
    };
  });

/**
 * Whether a control can be brought on screen and tapped: 44 px both ways (DESIGN.md §6, above
 * WCAG 2.5.8's 24) and, once scrolled into view, not under a fixed bar. Words that are only read
 * (the save status: `tapped: false`) need no size. The page's scroll
 * position is put back afterwards. A problem line, or null.
 */
export const reachProblem = async (
  control: Locator,
  what: string,
  { tapped = true } = {},
): Promise<string | null> => {
  if (!(await control.isVisible())) return `${what} is not on the page`;
  return control.evaluate(
    (element, { what, min, tapped }) => {
      const [sx, sy] = [window.scrollX, window.scrollY];
      element.scrollIntoView({ block: 'nearest' });
      const box = element.getBoundingClientRect();
      const at = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      const covered = at !== null && !element.contains(at) && !at.contains(element);
      const where = covered ? `${at.tagName.toLowerCase()}.${at.className}` : '';
      window.scrollTo(sx, sy);
      if (tapped && (box.width + 0.5 < min || box.height + 0.5 < min))
        return `${what} is ${Math.round(box.width)}×${Math.round(box.height)} px`;
      return covered ? `${what} stays under ${where} even scrolled into view` : null;
    },
    { what, min: MIN_TOUCH_TARGET_PX, tapped },
  );
};

/**
 * What holds on every screen held in one hand: no sideways scroll, pinch-zoom left to the
 * person (viewport meta, `touch-action`), nothing draggable, nothing shown only on hover.
 */
export const screenProblems = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const problems: string[] = [];
    const sideways = document.documentElement.scrollWidth - window.innerWidth;
    if (sideways > 0) problems.push(`the page scrolls ${sideways} px sideways`);
    const meta = document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? '';
    if (/user-scalable\s*=\s*(no|0)/i.test(meta)) problems.push(`pinch-zoom is off: "${meta}"`);
    const maxScale = /maximum-scale\s*=\s*([\d.]+)/i.exec(meta)?.[1];
    if (maxScale && Number(maxScale) < 2)
      problems.push(`pinch-zoom is capped at ${maxScale}: "${meta}"`);
    // Chrome and Firefox on Android lay the keyboard over the page unless asked to resize it:
    // the fixed line bar, with the field being typed into, would then sit under the keyboard.
    if (!/interactive-widget\s*=\s*resizes-content/i.test(meta))
      problems.push(`the keyboard would cover the fixed bars: no resizes-content in "${meta}"`);
    for (const element of [
      document.documentElement,
      document.body,
      ...Array.from(document.querySelectorAll('main, .fb-line-bar, .fb-home-actions')),
    ]) {
      const action = getComputedStyle(element).touchAction;
      if (!['auto', 'manipulation'].includes(action) && !action.includes('pinch-zoom'))
        problems.push(
          `touch-action: ${action} on ${element.tagName.toLowerCase()} stops pinch-zoom`,
        );
    }
    const dragged = document.querySelectorAll('[draggable="true"]').length;
    if (dragged > 0) problems.push(`${dragged} element(s) need dragging`);
    // Hover reveals nothing on a touch screen: no rule may show or hide content on :hover alone.
    for (const sheet of Array.from(document.styleSheets)) {
      let rules: CSSRuleList;
      try {
        rules = sheet.cssRules;
      } catch {
        continue;
      }
      for (const rule of Array.from(rules)) {
        if (!(rule instanceof CSSStyleRule)) continue;
        // Only rules that apply on hover alone: every selector in the list names :hover.
        if (!rule.selectorText.split(',').every((part) => part.includes(':hover'))) continue;
        const s = rule.style;
        if (s.display || s.visibility || s.opacity || s.maxHeight || s.clipPath)
          problems.push(`"${rule.selectorText}" shows or hides content on hover`);
      }
    }
    return problems;
  });

/**
 * Records, whenever the status bar's words change (a sync starting or ending), where the page's
 * content starts: if it moves, every button below jumps under the thumb. Kept in the page
 * across screens (not across a reload); read with `contentJumps`.
 */
export const watchContentTop = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const w = window as unknown as {
      __fbTops?: { path: string; size: string; top: number; bar: string }[];
      __fbTopsObserver?: MutationObserver;
    };
    w.__fbTops = [];
    w.__fbTopsObserver?.disconnect();
    w.__fbTopsObserver = new MutationObserver((mutations) => {
      const inBar = mutations.some((m) =>
        (m.target instanceof Element ? m.target : m.target.parentElement)?.closest('.fb-statusbar'),
      );
      if (!inBar) return;
      requestAnimationFrame(() => {
        const main = document.querySelector('main');
        if (!main) return;
        w.__fbTops?.push({
          path: location.pathname,
          size: `${window.innerWidth}x${window.innerHeight}`,
          top: Math.round(main.getBoundingClientRect().top + window.scrollY),
          bar: (document.querySelector('.fb-statusbar__text')?.textContent ?? '').trim(),
        });
      });
    });
    w.__fbTopsObserver.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });

/** Each time the content moved while the screen and its size stayed the same, as a sentence. */
export const contentJumps = async (page: Page): Promise<string[]> => {
  const tops = await page.evaluate(
    () =>
      (
        window as unknown as {
          __fbTops?: { path: string; size: string; top: number; bar: string }[];
        }
      ).__fbTops ?? [],
  );
  const jumps: string[] = [];
  for (const [i, now] of tops.entries()) {
    const before = tops[i - 1];
    if (!before || before.path !== now.path || before.size !== now.size) continue;
    // A pixel is rounding (a progress bar's baseline); more moves what the thumb aims at.
    if (Math.abs(before.top - now.top) > 1)
      jumps.push(
        `at ${now.size} the page's content moved ${now.top - before.top} px when the status bar went from "${before.bar}" to "${now.bar}"`,
      );
  }
  return jumps;
};

/**
 * A thumb's tap: aimed where the control is once the screen has settled, landed there a moment
 * later (as a person's thumb does, without following a control that moves), and checked to have
 * reached that control. Returns a problem line when something else got the tap.
 */
export const thumbTap = async (
  page: Page,
  control: Locator,
  what: string,
): Promise<string | null> => {
  await control.scrollIntoViewIfNeeded();
  const aimed = await control.boundingBox();
  if (!aimed) return `${what} has no box to tap`;
  const handle = await control.elementHandle();
  await page.evaluate(() => {
    const w = window as unknown as { __fbTapped?: EventTarget | null };
    w.__fbTapped = null;
    document.addEventListener(
      'touchstart',
      (event) => {
        w.__fbTapped = event.target;
      },
      { capture: true, once: true },
    );
  });
  // The moment between seeing the button and the thumb reaching it: two frames, in which a late
  // render (a sync's words, a list arriving) can move it.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  await page.touchscreen.tap(aimed.x + aimed.width / 2, aimed.y + aimed.height / 2);
  const hit = await page.evaluate((element) => {
    const target = (window as unknown as { __fbTapped?: EventTarget | null }).__fbTapped;
    return target instanceof Node && (element?.contains(target) ?? false);
  }, handle);
  await handle?.dispose();
  return hit
    ? null
    : `the tap on ${what} landed on something else: it moved as the thumb came down`;
};
