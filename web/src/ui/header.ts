import type { Area, Health, Me } from '../api/types.ts';
import type { AppStore } from '../state/app-state.ts';
import { selectTranslate } from '../state/selectors.ts';
import { sameFields, watch } from '../state/store.ts';
import type { AppView } from '../state/url-state.ts';
import { localName } from '../geo/place-names.ts';
import { labelOf, type Locale, type Translate } from '../i18n/index.ts';
import { byId, h } from './dom.ts';

export interface HeaderHandlers {
  onAreaChange: (code: string) => void;
  onLanguageSwitch: () => void;
  onSettings: () => void;
  /** Opens the import screen (administrators only). */
  onImport: () => void;
  onPanelToggle: () => void;
  onSignOut: () => void;
  onView: (view: AppView) => void;
}

/**
 * The header bar: product name, view switch, area picker, server status, language switch, settings
 * and sign-out (folded into a menu on narrow screens); drawn from the store.
 */
export class Header {
  private readonly areaSelect = byId<HTMLSelectElement>('area-select');
  private readonly serverStatus = byId<HTMLElement>('server-status');
  private readonly userName = byId<HTMLElement>('user-name');
  private readonly signOut = byId<HTMLButtonElement>('sign-out');
  private readonly importButton = byId<HTMLButtonElement>('import-button');
  private readonly menuButton = byId<HTMLButtonElement>('header-menu-button');
  private readonly menu = byId<HTMLElement>('header-menu');

  constructor(store: AppStore, handlers: HeaderHandlers) {
    const t = selectTranslate;
    watch(
      store,
      (s) => ({ view: s.view.view, t: t(s) }),
      ({ view, t }) => this.setView(view, t),
      sameFields,
    );
    watch(
      store,
      (s) => ({ expanded: s.view.panelExpanded, t: t(s) }),
      ({ expanded, t }) => this.setPanelExpanded(expanded, t),
      sameFields,
    );
    store.subscribe(
      (s) => ({ areas: s.areas, code: s.view.area, locale: s.settings.locale }),
      ({ areas, code, locale }) => this.setAreas(areas, code, locale),
      sameFields,
    );
    store.subscribe(
      (s) => ({ user: s.session.user, t: t(s) }),
      ({ user, t }) => user && this.renderUser(user, t),
      sameFields,
    );
    store.subscribe(
      (s) => ({ health: s.session.health, t: t(s) }),
      ({ health, t }) => health && this.renderHealth(health, t),
      sameFields,
    );
    this.areaSelect.addEventListener('change', () => {
      this.setMenuOpen(false);
      handlers.onAreaChange(this.areaSelect.value);
    });
    // A menu item closes the menu first: on a phone the dialog or the new language comes next.
    const item = (run: () => void) => () => {
      this.setMenuOpen(false);
      run();
    };
    byId('language-switch').addEventListener('click', item(handlers.onLanguageSwitch));
    byId('settings-button').addEventListener('click', item(handlers.onSettings));
    this.importButton.addEventListener('click', item(handlers.onImport));
    byId('panel-toggle').addEventListener('click', handlers.onPanelToggle);
    this.signOut.addEventListener('click', item(handlers.onSignOut));
    this.bindMenu();
    byId('nav-map').addEventListener('click', () => handlers.onView('map'));
    byId('nav-dashboard').addEventListener('click', () => handlers.onView('dashboard'));
  }

  /**
   * On narrow screens (phones, tablets) the area picker, the server status, the user and the
   * import, language, settings and sign-out buttons fold into a menu behind one button (the CSS
   * decides when); it closes on Escape, on a click elsewhere and when an item is used.
   */
  private bindMenu(): void {
    this.menuButton.addEventListener('click', () => {
      const open = !this.menu.classList.contains('is-open');
      this.setMenuOpen(open);
      if (open) this.menu.querySelector<HTMLElement>('select:not([disabled]), button:not([hidden])')?.focus();
    });
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.menu.classList.contains('is-open')) return;
      this.setMenuOpen(false);
      this.menuButton.focus();
    });
    document.addEventListener('pointerdown', (e) => {
      const target = e.target as Node | null;
      if (!this.menu.classList.contains('is-open') || !target) return;
      if (!this.menu.contains(target) && !this.menuButton.contains(target)) this.setMenuOpen(false);
    });
  }

  private setMenuOpen(open: boolean): void {
    this.menu.classList.toggle('is-open', open);
    this.menuButton.setAttribute('aria-expanded', String(open));
  }

  /** Marks the view shown (the planner's map or the management dashboard). */
  private setView(view: AppView, t: Translate): void {
    for (const v of ['map', 'dashboard'] as const) {
      const button = byId(`nav-${v}`);
      if (v === view) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
      button.textContent = t(v === 'map' ? 'nav.map' : 'nav.dashboard');
    }
  }

  private renderUser(u: Pick<Me, 'username' | 'role'>, t: Translate): void {
    this.userName.hidden = false;
    this.signOut.hidden = false;
    this.importButton.hidden = u.role !== 'admin';
    this.userName.textContent = u.username;
    this.userName.title = t('auth.signedInAs', { username: u.username, role: labelOf(t, 'role', u.role) });
  }

  /** Fills the area picker; names written in both languages are shown in the UI language. */
  private setAreas(areas: Area[], selectedCode: string | null, locale: Locale): void {
    this.areaSelect.replaceChildren(
      ...areas.map((a) => h('option', { value: a.code, selected: a.code === selectedCode }, localName(a.name, locale))),
    );
    this.areaSelect.disabled = areas.length === 0;
  }

  private setPanelExpanded(expanded: boolean, t: Translate): void {
    const button = byId('panel-toggle');
    button.setAttribute('aria-expanded', String(expanded));
    const label = t(expanded ? 'panel.collapse' : 'panel.expand');
    button.title = label;
    button.setAttribute('aria-label', label);
  }

  private renderHealth(hl: Health | 'unreachable', t: Translate): void {
    const ok = hl !== 'unreachable' && hl.status === 'ok';
    this.serverStatus.className = `server-status ${ok ? 'is-ok' : 'is-bad'}`;
    const text = hl === 'unreachable' ? t('server.unreachable') : ok ? t('server.ok') : t('server.degraded');
    this.serverStatus.textContent = text;
    this.serverStatus.title = hl === 'unreachable' ? text : `${text} · ${t('server.version', { version: hl.version })}`;
  }
}
