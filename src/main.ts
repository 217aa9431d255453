import './ui/styles.css';
import { App } from './ui/app';
import { el } from './ui/dom';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from index.html');
const viewsElement = el('main', { className: 'views', 'data-testid': 'views' });
const app = new App(root, { show: () => undefined }, viewsElement);

// The sample is offered on start and loaded when the page is opened with ?sample (README's start command).
if (new URLSearchParams(location.search).has('sample')) void app.openSample();
