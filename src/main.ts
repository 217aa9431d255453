import './ui/styles.css';
import { App } from './ui/app';
import { mountDicomWeb } from './ui/dicomweb/mount-dicomweb';
import { sampleOptionsFromUrl } from './ui/sample-options';
import { createViewControls } from './ui/view-controls';
import { installAutomationHooks } from './views/automation-hooks';
import { TransferFunctionEditor } from './views/transfer-function-editor';
import { Viewer } from './views/viewer';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from index.html');
const viewer = new Viewer();
const views = document.createElement('main');
views.className = 'views';
views.append(viewer.element);
const editor = new TransferFunctionEditor(viewer.transferFunctions(), (edit) => viewer.editTransferFunctions(edit));
viewer.onBegin(() => editor.awaitVolume());
viewer.onVolume((volume) => editor.setVolume(volume));
const controls = document.createElement('div');
controls.append(createViewControls(viewer), editor.element);
void import('./ui/pipelines-panel').then(({ createPipelinesPanel }) => controls.append(createPipelinesPanel(viewer).element));
const app = new App(root, viewer, views, controls);
// Pipeline outputs replace the displayed volume too: the facts panel follows whatever is shown.
viewer.onVolume((volume) => app.showVolumeInfo(volume));
installAutomationHooks(viewer);

// A first run shows the generated phantom without any file; ?sample=none opens empty (sample-options.ts);
// ?dicomweb=ROOT opens a server's studies instead (src/ui/dicomweb).
const sample = sampleOptionsFromUrl(location.search);
if (!mountDicomWeb(app) && sample) void app.openSample(sample);
void app.warmUp();
