import { isMessageKey, type Translate } from '../i18n/index.ts';

/**
 * Fills the static page text: `data-i18n` sets the text, `data-i18n-title` the title and
 * `data-i18n-label` the aria-label, each naming a message key.
 */
export function applyTranslations(root: ParentNode, t: Translate): void {
  const apply = (attr: string, set: (el: HTMLElement, text: string) => void) => {
    for (const el of root.querySelectorAll<HTMLElement>(`[${attr}]`)) {
      const key = el.getAttribute(attr) ?? '';
      if (isMessageKey(key)) set(el, t(key));
    }
  };
  apply('data-i18n', (el, text) => (el.textContent = text));
  apply('data-i18n-title', (el, text) => (el.title = text));
  apply('data-i18n-label', (el, text) => el.setAttribute('aria-label', text));
}
