/** A short message over the map that goes away by itself; announced politely, and it does not move the layout. */
export class Toast {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly root: HTMLElement) {
    root.setAttribute('role', 'status');
  }

  show(text: string, durationMs = 5000): void {
    this.root.textContent = text;
    this.root.hidden = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.root.hidden = true;
      this.root.textContent = '';
    }, durationMs);
  }
}
