/**
 * A left mouse button driven through the DevTools protocol (`Input.dispatchMouseEvent`), the input
 * Playwright's mouse sends, without what Playwright adds around a left-button move: two scripts in
 * the page per move to detect an HTML drag, each waiting for the page's main thread. A rotation's
 * moves are paced by the clock here, as a hand would send them, not by how busy the page is: a move
 * need not be awaited before the next (the browser queues them, and coalesces moves the page has not
 * taken yet, as it does for a real mouse).
 */
import type { CDPSession, Page } from 'playwright-core';

export class RawMouse {
  private pressed = false;

  private constructor(private readonly session: CDPSession) {}

  static async open(page: Page): Promise<RawMouse> {
    return new RawMouse(await page.context().newCDPSession(page));
  }

  /** Resolves once the page has taken the move. */
  move(x: number, y: number): Promise<void> {
    return this.send('mouseMoved', x, y);
  }

  down(x: number, y: number): Promise<void> {
    this.pressed = true;
    return this.send('mousePressed', x, y);
  }

  up(x: number, y: number): Promise<void> {
    this.pressed = false;
    return this.send('mouseReleased', x, y);
  }

  async close(): Promise<void> {
    await this.session.detach().catch(() => undefined);
  }

  private async send(type: 'mouseMoved' | 'mousePressed' | 'mouseReleased', x: number, y: number): Promise<void> {
    const held = this.pressed || type === 'mouseReleased';
    await this.session.send('Input.dispatchMouseEvent', {
      type,
      x,
      y,
      button: held ? 'left' : 'none',
      buttons: this.pressed ? 1 : 0,
      ...(type === 'mouseMoved' ? {} : { clickCount: 1 }),
    });
  }
}
