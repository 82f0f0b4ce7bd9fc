import type { Translate } from '../i18n/index.ts';
import { isValidBasemapUrl, type Settings } from '../state/settings.ts';
import { h } from './dom.ts';

/** The settings dialog (the optional online basemap); calls `onSave` with the new values. */
export class SettingsDialog {
  private readonly dialog: HTMLDialogElement;

  constructor(private readonly onSave: (basemapUrl: string, basemapAttribution: string) => void) {
    this.dialog = h('dialog', { class: 'settings-dialog', 'data-testid': 'settings-dialog', 'aria-labelledby': 'settings-title' });
    document.body.append(this.dialog);
  }

  open(t: Translate, settings: Settings): void {
    const url = h('input', {
      type: 'url',
      id: 'basemap-url',
      'data-testid': 'basemap-url-input',
      value: settings.basemapUrl,
      placeholder: 'https://…/{z}/{x}/{y}.png',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': 'basemap-url-hint basemap-url-error',
    });
    const attribution = h('input', {
      type: 'text',
      id: 'basemap-attribution',
      'data-testid': 'basemap-attribution-input',
      value: settings.basemapAttribution,
      maxlength: 200,
    });
    const error = h('p', { id: 'basemap-url-error', class: 'field-error', role: 'alert', hidden: true });
    const cancel = h('button', { type: 'button', class: 'button button-quiet', 'data-testid': 'settings-cancel' }, t('settings.cancel'));
    const save = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'settings-save' }, t('settings.save'));
    const form = h(
      'form',
      { method: 'dialog', novalidate: true },
      h('h2', { id: 'settings-title' }, t('settings.title')),
      h('label', { for: 'basemap-url' }, t('settings.basemapUrl')),
      url,
      h('p', { id: 'basemap-url-hint', class: 'field-hint' }, t('settings.basemapHint')),
      error,
      h('label', { for: 'basemap-attribution' }, t('settings.basemapAttribution')),
      attribution,
      h('div', { class: 'dialog-actions' }, cancel, save),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!isValidBasemapUrl(url.value)) {
        error.textContent = t('settings.invalidUrl');
        error.hidden = false;
        url.setAttribute('aria-invalid', 'true');
        url.focus();
        return;
      }
      this.dialog.close();
      this.onSave(url.value.trim(), attribution.value.trim());
    });
    cancel.addEventListener('click', () => this.dialog.close());
    this.dialog.replaceChildren(form);
    this.dialog.showModal();
    url.focus();
  }
}
