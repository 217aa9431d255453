import './ui/styles.css';
import { App } from './ui/app';
import { sampleOptionsFromUrl } from './ui/sample-options';
import { createViewControls } from './ui/view-controls';
import { installAutomationHooks } from './views/automation-hooks';
import { Viewer } from './views/viewer';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from index.html');
const viewer = new Viewer();
const views = document.createElement('main');
views.className = 'views';
views.append(viewer.element);
const app = new App(root, viewer, views, createViewControls(viewer));
installAutomationHooks(viewer);

// `npm start` opens the page with ?sample, so a first run shows the generated phantom without any file.
const sample = sampleOptionsFromUrl(location.search);
if (sample) void app.openSample(sample);
