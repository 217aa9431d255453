import { el } from '../dom/elements';
import type { PhantomOptions } from '../phantom/phantom';
import type { Viewer } from '../views/viewer';
import type { App } from './app';
import { Cine } from './cine';
import { createLayoutMenu } from './layout-menu';
import { listPaneKeys } from './pane-keys';
import { mountShortcutSheet } from './shortcut-sheet';
import { shortcuts } from './shortcuts';
import { ViewStatePanel } from './view-state/view-state-panel';
import { ViewStateSession } from './view-state/view-state-session';
import './view-tools.css';

export interface ViewTools {
  readonly session: ViewStateSession;
  readonly cine: Cine;
  /**
   * What to open at start: the sample a view state in the address names, or `fromUrl` (the page's
   * own `?sample`), or null when the state names local files (the user picks them again).
   */
  startSample(fromUrl: PhantomOptions | null): PhantomOptions | null;
}

/**
 * Layouts, cine, the keyboard shortcuts with their `?` sheet, and the shared view state (address
 * hash and file): mounted into the sidebar's `controls`, the sheet into `page`.
 */
export function mountViewTools(viewer: Viewer, app: App, controls: HTMLElement, page: HTMLElement): ViewTools {
  shortcuts.attach(document);
  const sheet = mountShortcutSheet(shortcuts, page);
  listPaneKeys(shortcuts);
  const cine = new Cine(viewer, shortcuts);
  const keys = el('button', { type: 'button', 'data-testid': 'shortcut-sheet-open', title: 'Keyboard shortcuts (?)' }, 'Keys ?');
  keys.addEventListener('click', () => sheet.toggle());

  const panel = new ViewStatePanel((files) => void app.openFiles(files));
  const session = new ViewStateSession({
    target: {
      viewer,
      series: () => {
        const volume = viewer.shownVolume();
        const from = app.openedFrom;
        if (!volume || !from) return null;
        const seriesUid = volume.seriesInstanceUID;
        if (from.kind === 'sample') return { kind: 'sample', seriesUid, options: from.options };
        if (from.kind === 'files') return { kind: 'local', seriesUid };
        const link = new URL(location.href).searchParams;
        const root = link.get('dicomweb');
        const study = link.get('study');
        return root && study && link.get('series') === seriesUid ? { kind: 'dicomweb', seriesUid, root, study } : null;
      },
      measurements: null,
    },
    shownVolume: () => viewer.shownVolume(),
    onVolume: (listener) => viewer.onVolume(listener),
    onViewChange: (listener) => {
      viewer.onCursor(listener);
      viewer.onWindowChange(listener);
      viewer.onLayoutChange(listener);
      viewer.onVolumeLook(listener);
      viewer.onVolumeCamera(listener);
      viewer.reslicing.onChange(listener);
    },
    report: panel,
  });
  panel.attach(session);
  controls.append(
    el(
      'div',
      { className: 'view-tools' },
      el('fieldset', {}, el('legend', {}, 'Layout'), createLayoutMenu(viewer, shortcuts), cine.element, keys),
    ),
    panel.element,
  );
  return {
    session,
    cine,
    startSample(fromUrl) {
      const action = session.start();
      if (action.open === 'sample') return action.options;
      return action.open === 'nothing' ? null : fromUrl;
    },
  };
}
