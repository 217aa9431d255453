import './ui/styles.css';
import { App } from './ui/app';
import { createExportPanel } from './ui/export-panel';
import { createMeasureTools } from './ui/measure-tools';
import { createMeasurementsPanel } from './ui/measurements-panel';
import { mountDicomWeb } from './ui/dicomweb/mount-dicomweb';
import { mountViewTools } from './ui/mount-view-tools';
import { sampleOptionsFromUrl } from './ui/sample-options';
import { shortcuts } from './ui/shortcuts';
import { createSlabControls } from './ui/slab-controls';
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
controls.append(createViewControls(viewer), createSlabControls(viewer.reslicing, shortcuts), editor.element);
void import('./ui/pipelines-panel').then(({ createPipelinesPanel }) => controls.append(createPipelinesPanel(viewer).element));
const app = new App(root, viewer, views, controls);
controls.append(createExportPanel(viewer, () => app.shownIndex).element);
// Pipeline outputs replace the displayed volume too: the facts panel follows whatever is shown.
viewer.onVolume((volume) => app.showVolumeInfo(volume));
installAutomationHooks(viewer);
app.tagInspector.follow(viewer);
// Layouts, cine, keys and the `?` sheet, the view state in the address hash and in files.
const viewTools = mountViewTools(viewer, app, controls, document.body);
// Measuring tools and their panel; the measurements join the view state.
controls.append(createMeasureTools(viewer.measurements, shortcuts), createMeasurementsPanel(viewer.measurements.store));
viewTools.session.useMeasurements(viewer.measurements.store);

// A first run shows the generated phantom without any file; ?sample=none opens empty (sample-options.ts);
// ?dicomweb=ROOT opens a server's studies instead (src/ui/dicomweb).
// A view state in the hash may name the sample it shows, or local files to pick again (view-state/).
const sample = viewTools.startSample(sampleOptionsFromUrl(location.search));
if (!mountDicomWeb(app) && sample) void app.openSample(sample);
void app.warmUp();
