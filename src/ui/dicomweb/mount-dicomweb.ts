import type { App } from '../app';
import { readDicomWebLink } from './dicomweb-address';
import { DicomWebPanel } from './dicomweb-panel';

/**
 * Puts the study browser in the app and follows a `?dicomweb=` link: the token is taken out of the
 * address at once, then the server is opened (and the study, and the series). True when the address
 * asked for a server (the sample is not loaded then), even one that could not be read.
 */
export function mountDicomWeb(app: App): boolean {
  const { link, error, withoutToken } = readDicomWebLink(location.href);
  if (withoutToken !== undefined) history.replaceState(history.state, '', withoutToken);
  const panel = new DicomWebPanel(app);
  app.sourcePanel.append(panel.element);
  if (error !== undefined) {
    panel.element.open = true;
    app.showStatus('error', error);
    return true;
  }
  if (link) void panel.connect(link);
  return link !== null;
}
