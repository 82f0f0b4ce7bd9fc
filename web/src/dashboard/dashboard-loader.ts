import type { DashboardContext, DashboardView } from './dashboard-view.ts';

/**
 * The dashboard, loaded (with its chart library) the first time it is shown, so that the map page
 * does not pay for it. Reloads its data when the saved scenarios change.
 */
export class DashboardLoader {
  private view: DashboardView | null = null;
  private scenarioCount = -1;

  constructor(private readonly root: HTMLElement) {}

  async show(ctx: DashboardContext, scenarioCount: number): Promise<void> {
    if (!this.view) {
      const { DashboardView } = await import('./dashboard-view.ts');
      this.view ??= new DashboardView(this.root);
    }
    const reload = scenarioCount !== this.scenarioCount;
    this.scenarioCount = scenarioCount;
    await this.view.show(ctx, reload);
    this.view.resizeCharts();
  }

  /** Redraws in the new language, if it has been shown. */
  setLocale(ctx: DashboardContext): void {
    this.view?.setLocale(ctx);
  }
}
