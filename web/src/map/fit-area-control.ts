import type { IControl } from 'maplibre-gl';

/** A map button that zooms back to the whole planning area. */
export class FitAreaControl implements IControl {
  private container: HTMLDivElement | null = null;

  constructor(
    private readonly label: string,
    private readonly onFit: () => void,
  ) {}

  onAdd(): HTMLElement {
    const container = document.createElement('div');
    container.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fit-area-button';
    button.title = this.label;
    button.setAttribute('aria-label', this.label);
    button.dataset.testid = 'map-fit-area';
    button.innerHTML =
      '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">' +
      '<path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" fill="none" stroke="currentColor" stroke-width="1.8"/>' +
      '<circle cx="10" cy="10" r="2.2" fill="currentColor"/></svg>';
    button.addEventListener('click', this.onFit);
    container.append(button);
    this.container = container;
    return container;
  }

  onRemove(): void {
    this.container?.remove();
    this.container = null;
  }
}
