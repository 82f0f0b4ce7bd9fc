import { NETWORKS, type Network } from '../api/types.ts';
import { labelOf, type MessageKey, type Translate } from '../i18n/index.ts';
import { PANEL_TABS, type PanelTab } from '../state/app-state.ts';
import { h } from './dom.ts';

const TAB_LABEL: Record<PanelTab, MessageKey> = { layers: 'tab.layers', planning: 'tab.planning', gaps: 'tab.gaps' };

export interface SidePanelHandlers {
  onNetwork: (network: Network) => void;
  onTab: (tab: PanelTab) => void;
}

/**
 * The side panel: the network the planner works on, and tabs for the layers, the planning tools
 * and the gaps. The content of each tab is built by its own module and handed in.
 */
export class SidePanel {
  constructor(
    private readonly root: HTMLElement,
    private readonly handlers: SidePanelHandlers,
  ) {}

  render(t: Translate, network: Network, tab: PanelTab, content: HTMLElement[]): void {
    const active = document.activeElement as HTMLElement | null;
    const focusedId = active?.dataset?.testid;
    const selection = active instanceof HTMLInputElement && active.type === 'text' ? [active.selectionStart, active.selectionEnd] : null;
    const scrollTop = this.root.querySelector('.tab-panel')?.scrollTop ?? 0;
    const panel = h(
      'div',
      { class: 'tab-panel', role: 'tabpanel', id: `tabpanel-${tab}`, 'aria-labelledby': `tab-${tab}`, 'data-testid': `tabpanel-${tab}` },
      ...content,
    );
    this.root.replaceChildren(this.networkSwitch(t, network), this.tabList(t, tab), panel);
    panel.scrollTop = scrollTop;
    if (focusedId && this.root.contains(active) === false) {
      const again = this.root.querySelector<HTMLElement>(`[data-testid="${CSS.escape(focusedId)}"]`);
      again?.focus();
      if (again instanceof HTMLInputElement && selection) again.setSelectionRange(selection[0], selection[1]);
    }
  }

  private networkSwitch(t: Translate, network: Network): HTMLElement {
    const buttons = NETWORKS.map((n) => {
      const b = h(
        'button',
        { type: 'button', class: 'segment', 'aria-pressed': String(n === network), 'data-testid': `network-${n}` },
        labelOf(t, 'tech', n),
      );
      b.addEventListener('click', () => this.handlers.onNetwork(n));
      return b;
    });
    return h(
      'div',
      { class: 'network-switch' },
      h('span', { class: 'network-label', id: 'network-label' }, t('network.label')),
      h('div', { class: 'segmented', role: 'group', 'aria-labelledby': 'network-label' }, ...buttons),
    );
  }

  /** WAI-ARIA tabs: arrow keys move between tabs, only the selected one is in the tab order. */
  private tabList(t: Translate, selected: PanelTab): HTMLElement {
    const tabs = PANEL_TABS.map((tab) => {
      const b = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${tab}`,
          class: 'tab',
          'aria-selected': String(tab === selected),
          'aria-controls': `tabpanel-${tab}`,
          tabindex: tab === selected ? 0 : -1,
          'data-testid': `tab-${tab}`,
        },
        t(TAB_LABEL[tab]),
      );
      b.addEventListener('click', () => this.handlers.onTab(tab));
      b.addEventListener('keydown', (e) => {
        const i = PANEL_TABS.indexOf(tab);
        const next =
          e.key === 'ArrowRight'
            ? PANEL_TABS[(i + 1) % PANEL_TABS.length]
            : e.key === 'ArrowLeft'
              ? PANEL_TABS[(i + PANEL_TABS.length - 1) % PANEL_TABS.length]
              : null;
        if (!next) return;
        e.preventDefault();
        this.handlers.onTab(next);
        this.root.querySelector<HTMLElement>(`#tab-${next}`)?.focus();
      });
      return b;
    });
    return h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('tab.label') }, ...tabs);
  }
}
