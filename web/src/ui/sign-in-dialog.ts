import { ApiError } from '../api/api-error.ts';
import type { LoginAnswer } from '../api/types.ts';
import type { Translate } from '../i18n/index.ts';
import { h } from './dom.ts';

export interface SignInOptions {
  login: (username: string, password: string) => Promise<LoginAnswer>;
  /** Switches the UI language; the dialog redraws itself in the new one. */
  onLanguageSwitch: () => Translate;
}

/** The modal sign-in form. Resolves once the server has accepted a username and password. */
export function signIn(t: Translate, options: SignInOptions): Promise<LoginAnswer> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'sign-in-dialog', 'data-testid': 'sign-in-dialog', 'aria-labelledby': 'sign-in-title' });
    // Nothing works signed out: Escape must not close the form.
    dialog.addEventListener('cancel', (e) => e.preventDefault());
    let username = '';
    const render = (tr: Translate, message = '') => {
      const user = h('input', {
        id: 'sign-in-username',
        name: 'username',
        autocomplete: 'username',
        required: true,
        value: username,
        'data-testid': 'sign-in-username',
      });
      const password = h('input', {
        id: 'sign-in-password',
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
        'data-testid': 'sign-in-password',
      });
      const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'sign-in-error', hidden: message === '' }, message);
      const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'sign-in-submit' }, tr('auth.submit'));
      const language = h(
        'button',
        { type: 'button', class: 'button button-quiet', 'data-testid': 'sign-in-language' },
        tr('header.languageSwitch'),
      );
      language.addEventListener('click', () => {
        username = user.value;
        render(options.onLanguageSwitch());
      });
      const form = h(
        'form',
        { novalidate: true },
        h('h2', { id: 'sign-in-title' }, tr('auth.title')),
        h('p', { class: 'field-hint' }, tr('auth.intro')),
        h('label', { for: 'sign-in-username' }, tr('auth.username')),
        user,
        h('label', { for: 'sign-in-password' }, tr('auth.password')),
        password,
        error,
        h('div', { class: 'dialog-actions' }, language, submit),
      );
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        username = user.value.trim();
        if (username === '' || password.value === '') {
          (username === '' ? user : password).focus();
          return;
        }
        submit.disabled = true;
        submit.textContent = tr('auth.submitting');
        options.login(username, password.value).then(
          (answer) => {
            dialog.close();
            dialog.remove();
            resolve(answer);
          },
          (err: unknown) => render(tr, signInError(tr, err)),
        );
      });
      dialog.replaceChildren(form);
      (username === '' ? user : password).focus();
    };
    document.body.append(dialog);
    dialog.showModal();
    render(t);
  });
}

function signInError(t: Translate, err: unknown): string {
  if (err instanceof ApiError && err.status === 401) return t('auth.failed');
  if (err instanceof ApiError && err.status === 429) return t('auth.rateLimited');
  return t('auth.error', { message: err instanceof Error ? err.message : String(err) });
}
