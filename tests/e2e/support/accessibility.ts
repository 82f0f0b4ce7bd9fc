/**
 * Accessibility checks made in the page without axe-core: every visible control has an accessible
 * name (a simplified accname computation), and text colours have enough contrast against the
 * background actually painted behind them (WCAG 2.2 formula, in web/src/lib/contrast.ts).
 */
import type { Page } from 'playwright-core';
import { composite, contrastRatio, parseCssColor, type Rgba } from '../../../web/src/lib/contrast.ts';

export interface NamedControl {
  tag: string;
  testid: string | null;
  name: string;
}

/** The visible, focusable or interactive controls of the page (or of `root`) with their accessible names. */
export function controlNames(page: Page, root = 'body'): Promise<NamedControl[]> {
  return page.evaluate((rootSelector) => {
    const scope = document.querySelector(rootSelector) ?? document.body;
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const name = (el: HTMLElement): string => {
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy) {
        const byIds = labelledBy
          .split(/\s+/)
          .map((id) => text(document.getElementById(id)))
          .join(' ')
          .trim();
        if (byIds) return byIds;
      }
      const aria = el.getAttribute('aria-label')?.trim();
      if (aria) return aria;
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length > 0) {
        const fromLabels = [...labels].map(text).join(' ').trim();
        if (fromLabels) return fromLabels;
      }
      if (el instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(el.type)) return el.value.trim();
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) {
        const own = text(el);
        if (own) return own;
      }
      return el.getAttribute('title')?.trim() ?? '';
    };
    const selector = 'button, input:not([type=hidden]), select, textarea, a[href], [role=tab], [tabindex]:not([tabindex="-1"])';
    return [...scope.querySelectorAll<HTMLElement>(selector)]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => ({ tag: el.tagName.toLowerCase(), testid: el.dataset.testid ?? el.id ?? null, name: name(el) }));
  }, root);
}

export interface ContrastResult {
  selector: string;
  text: string;
  ratio: number;
}

/**
 * Contrast of the first visible element matching each selector: its text colour against the
 * backgrounds of it and its ancestors painted over each other on white.
 */
export async function contrastOf(page: Page, selectors: string[]): Promise<ContrastResult[]> {
  const found = await page.evaluate((list) => {
    return list.map((selector) => {
      const el = [...document.querySelectorAll<HTMLElement>(selector)].find((e) => e.getClientRects().length > 0);
      if (!el) return { selector, text: '', color: '', backgrounds: [] as string[] };
      const backgrounds: string[] = [];
      for (let node: HTMLElement | null = el; node; node = node.parentElement) backgrounds.push(getComputedStyle(node).backgroundColor);
      return { selector, text: (el.textContent ?? '').trim().slice(0, 40), color: getComputedStyle(el).color, backgrounds };
    });
  }, selectors);
  return found.map(({ selector, text, color, backgrounds }) => {
    if (!color) return { selector, text, ratio: Number.NaN };
    // The outermost background is painted first, on the white canvas.
    let bg: Rgba = [255, 255, 255, 1];
    for (const b of [...backgrounds].reverse()) {
      const c = parseCssColor(b);
      if (c && c[3] > 0) bg = composite(c, bg);
    }
    const fg = parseCssColor(color);
    return { selector, text, ratio: fg ? contrastRatio(fg, bg) : Number.NaN };
  });
}
