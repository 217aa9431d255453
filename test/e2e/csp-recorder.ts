/**
 * Records every Content-Security-Policy violation of a page and of its workers, from three sources,
 * each of which misses what another sees:
 *
 * - the page's `securitypolicyviolation` events (an init script, before any page script runs);
 * - the browser's security log entries ("… violates the following Content Security Policy
 *   directive …") of the page and of its dedicated workers: Playwright forwards the page's log as
 *   console messages but not a worker's, so a CDP session attaches to the workers itself;
 * - requests the browser refused for the policy (`requestfailed` with the reason `csp`), workers' included.
 *
 * Install it on a page that has not navigated yet (openPage with `path: null`).
 */
import type { BrowserContext, Page } from 'playwright-core';

export const VIOLATION_LISTENER_SCRIPT = `(() => {
  if (window.__cspViolations) return;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI + ' in ' + e.sourceFile + ':' + e.lineNumber);
  });
})();`;

const CSP_TEXT = /Content[- ]Security[- ]Policy/i;

export interface CspRecorder {
  /** Violations so far: page events, then log entries and refused requests as they came. */
  violations(): Promise<string[]>;
  close(): Promise<void>;
}

export async function recordCspViolations(context: BrowserContext, page: Page): Promise<CspRecorder> {
  const seen: string[] = [];
  await page.addInitScript({ content: VIOLATION_LISTENER_SCRIPT });
  page.on('console', (message) => {
    if (CSP_TEXT.test(message.text())) seen.push(`console (${message.worker()?.url() ?? 'page'}): ${message.text()}`);
  });
  context.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') seen.push(`refused request: ${request.url()}`);
  });
  const cdp = await context.newCDPSession(page);
  let id = 1_000_000;
  const sendTo = (sessionId: string, method: string) =>
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: id++, method }) }).catch(() => undefined);
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    // Log.enable also replays the entries the worker logged before it.
    if (targetInfo.type === 'worker') void sendTo(sessionId, 'Log.enable');
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const parsed = JSON.parse(message) as { method?: string; params?: { entry?: { text: string; url?: string } } };
    const entry = parsed.method === 'Log.entryAdded' ? parsed.params?.entry : undefined;
    if (entry && CSP_TEXT.test(entry.text)) seen.push(`worker log${entry.url ? ` (${entry.url})` : ''}: ${entry.text}`);
  });
  // Not flattened: Playwright's own sessions stay as they are; this one only reads the workers' logs.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return {
    async violations() {
      const fromPage = await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
      return [...fromPage.map((v) => `page event: ${v}`), ...seen];
    },
    close: () => cdp.detach().catch(() => undefined),
  };
}
