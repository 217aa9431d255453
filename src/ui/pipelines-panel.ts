import type { Vec3 } from '../dicom/types';
import {
  type PipelineEntry,
  type PipelinePlan,
  type RunTimings,
  PipelineCancelled,
  PipelineClient,
  PipelineRegistry,
  fetchInterfaceFile,
  parseInterfaceJson,
  planPipeline,
} from '../processing';
import type { LabelMask } from '../volume/label-mask';
import { type CtVolume, worldToIndex } from '../volume/ct-volume';
import { nearestVoxel } from '../volume/nearest-voxel';
import { el } from '../dom/elements';
import { type CursorSource, PipelineForm } from './pipeline-form';
import { PipelineLayers } from './pipeline-layers';
import { PipelineRunner, messageOf } from './pipeline-run';
// A stylesheet, not a <style> element: the Content-Security-Policy allows styles from the origin only.
import './pipelines-panel.css';

/** What the panel needs from the viewer (src/views/viewer.ts). */
export interface PipelineViewer {
  readonly currentVolume: CtVolume | null;
  show(volume: CtVolume): Promise<void>;
  cursor(): Vec3;
  onCursor(listener: (world: Vec3) => void): void;
  setLabelMask(mask: LabelMask | null): void;
  onVolume(listener: (volume: CtVolume) => void): void;
}

export type PipelineState = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface PipelinesPanelOptions {
  /** Time every run, itk-wasm's copies included; the timings land in `data-timings` on the status. */
  profile?: boolean;
}

interface Selected {
  entry: PipelineEntry;
  plan: PipelinePlan;
  form: PipelineForm;
}

/**
 * The "Pipelines" panel: choose a pipeline (own, packaged or added from files), fill the form
 * generated from its `--interface-json`, run it in the pipeline worker, see the results as layers.
 */
export class PipelinesPanel {
  readonly element = el('section', { className: 'pipelines-panel', 'data-testid': 'pipelines-panel' });
  private readonly registry = new PipelineRegistry();
  private readonly client = new PipelineClient();
  private readonly select = el('select', { 'data-testid': 'pipeline-select', title: 'Pipeline' });
  private readonly description = el('p', { className: 'pipeline-description', 'data-testid': 'pipeline-description' });
  private readonly formHost = el('div', { className: 'pipeline-form-host' });
  private readonly runButton = el('button', { type: 'button', 'data-testid': 'pipeline-run' }, 'Run');
  private readonly cancelButton = el('button', { type: 'button', 'data-testid': 'pipeline-cancel', disabled: true }, 'Cancel');
  private readonly status = el('div', {
    className: 'pipeline-status',
    'data-testid': 'pipeline-status',
    'data-state': 'idle',
    role: 'status',
  });
  private readonly outputText = el('pre', { className: 'pipeline-output-text', 'data-testid': 'pipeline-output-text' });
  private readonly addFiles = el('input', {
    type: 'file',
    multiple: true,
    accept: '.js,.mjs,.wasm,.zst',
    'data-testid': 'pipeline-add-files',
    id: 'pipeline-add-files',
  });
  private readonly layers: PipelineLayers;
  private readonly interfaces = new Map<string, { plan: PipelinePlan; description: string }>();
  private readonly cursorListeners = new Set<() => void>();
  private selected: Selected | null = null;
  private selectToken = 0;
  private running = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly runner: PipelineRunner;
  lastTimings: RunTimings | null = null;

  constructor(
    private readonly viewer: PipelineViewer,
    options: PipelinesPanelOptions = {},
  ) {
    this.layers = new PipelineLayers(viewer);
    this.runner = new PipelineRunner(this.client, this.layers, options.profile ?? false);
    this.outputText.hidden = true;
    viewer.onCursor(() => {
      for (const listener of this.cursorListeners) listener();
    });
    this.fillSelect();
    this.select.addEventListener('change', () => void this.choose(this.select.value));
    this.runButton.addEventListener('click', () => void this.run());
    this.cancelButton.addEventListener('click', () => this.client.cancel());
    this.addFiles.addEventListener('change', () => {
      const files = [...(this.addFiles.files ?? [])];
      this.addFiles.value = '';
      if (files.length > 0) this.add(files);
    });
    this.element.append(
      el('h2', {}, 'Pipelines'),
      el(
        'div',
        { className: 'pipeline-row' },
        this.select,
        el(
          'label',
          { className: 'button', for: 'pipeline-add-files', title: 'Add a pipeline from its .js and .wasm(.zst) files' },
          'Add pipeline…',
        ),
        this.addFiles,
      ),
      this.description,
      this.formHost,
      el('div', { className: 'pipeline-row' }, this.runButton, this.cancelButton),
      this.status,
      this.outputText,
      this.layers.element,
    );
    this.setStatus('idle', '');
    // The first form is read once there is a volume, so the pipeline worker does not compete with loading.
    if (viewer.currentVolume) void this.choose(this.select.value);
    else
      viewer.onVolume(() => {
        if (this.selectToken === 0) void this.choose(this.select.value);
      });
  }

  private fillSelect(): void {
    const value = this.select.value;
    this.select.replaceChildren(...this.registry.list().map((entry) => el('option', { value: entry.name }, entry.label)));
    if (value && this.registry.get(value)) this.select.value = value;
  }

  private add(files: File[]): void {
    const { added, problems } = this.registry.addFiles(files);
    this.fillSelect();
    if (added.length > 0) {
      this.select.value = added[0]!.name;
      void this.choose(added[0]!.name);
    }
    if (problems.length > 0) this.setStatus('error', `Could not add: ${problems.join('; ')}`);
  }

  /** Shows the form of `name`, reading its interface (once) from the pipeline itself. */
  private async choose(name: string): Promise<void> {
    const token = ++this.selectToken;
    const entry = this.registry.get(name);
    this.selected?.form.dispose();
    this.selected = null;
    this.formHost.replaceChildren();
    this.description.textContent = '';
    this.runButton.disabled = true;
    if (!entry) return;
    let known = this.interfaces.get(name);
    if (!known) {
      this.formHost.append(el('p', { className: 'pipeline-hint' }, `Reading the parameters of ${name}…`));
      try {
        const iface = parseInterfaceJson(await this.interfaceText(entry));
        known = { plan: planPipeline(iface, { imageDimension: 3 }), description: iface.description };
        this.interfaces.set(name, known);
      } catch (error) {
        if (token !== this.selectToken) return;
        this.formHost.replaceChildren();
        if (error instanceof PipelineCancelled) this.setStatus('cancelled', `Reading ${name} was cancelled.`);
        else this.setStatus('error', `${name} cannot be loaded: ${messageOf(error)}`);
        return;
      }
      if (token !== this.selectToken) return;
    }
    const { plan, description } = known;
    const form = new PipelineForm(plan.fields, this.cursorSource());
    this.selected = { entry, plan, form };
    this.formHost.replaceChildren(form.element);
    this.description.textContent =
      plan.unsupported.length > 0 ? `Not runnable here: ${plan.unsupported.join(', ')}.` : description;
    this.description.title = this.description.textContent;
    this.runButton.disabled = this.running || plan.unsupported.length > 0;
  }

  /** The served pipelines' interface is a file beside the module; any other's, the module's own output. */
  private async interfaceText(entry: PipelineEntry): Promise<string> {
    const file = await fetchInterfaceFile(entry);
    if (file !== null) return file;
    const result = await this.client.interfaceJson(entry.location);
    if (result.returnValue !== 0) throw new Error(result.stderr.trim() || `--interface-json exited with ${result.returnValue}`);
    return result.stdout;
  }

  private cursorSource(): CursorSource {
    return {
      voxel: () => {
        const volume = this.viewer.currentVolume;
        return volume ? nearestVoxel(worldToIndex(volume, this.viewer.cursor()), volume.dimensions) : null;
      },
      subscribe: (listener) => {
        this.cursorListeners.add(listener);
        return () => this.cursorListeners.delete(listener);
      },
    };
  }

  private async run(): Promise<void> {
    const selected = this.selected;
    if (!selected || this.running) return;
    const { entry, plan, form } = selected;
    const fieldResult = form.validate();
    if (Object.keys(fieldResult.errors).length > 0) {
      this.setStatus(
        'error',
        `Check the parameters: ${Object.entries(fieldResult.errors)
          .map(([name, message]) => `${name} ${message}`)
          .join('; ')}`,
      );
      return;
    }
    const input = this.viewer.currentVolume;
    if (plan.inputs.some((i) => i.binding === 'image') && !input) {
      this.setStatus('error', 'Load a volume first.');
      return;
    }
    const started = performance.now();
    this.setRunning(true, entry.name, started);
    const outcome = await this.runner.run(entry, plan, fieldResult, input, started);
    if (outcome.state === 'done') {
      this.outputText.textContent = outcome.texts.join('\n\n');
      this.outputText.hidden = outcome.texts.length === 0;
      this.lastTimings = outcome.timings;
    }
    this.setRunning(false);
    this.setStatus(outcome.state, outcome.message);
    if (outcome.state === 'done') this.status.dataset.timings = JSON.stringify(outcome.timings);
  }

  private setRunning(running: boolean, name = '', started = 0): void {
    this.running = running;
    this.runButton.disabled = running || !this.selected || this.selected.plan.unsupported.length > 0;
    this.cancelButton.disabled = !running;
    this.select.disabled = running;
    clearInterval(this.timer);
    if (!running) return;
    const tick = () => {
      const elapsed = performance.now() - started;
      this.status.dataset.elapsedMs = String(Math.round(elapsed));
      this.status.textContent = `Running ${name}… ${(elapsed / 1000).toFixed(1)} s`;
    };
    this.setStatus('running', '');
    delete this.status.dataset.timings;
    tick();
    this.timer = setInterval(tick, 100);
  }

  private setStatus(state: PipelineState, text: string): void {
    this.status.dataset.state = state;
    if (state !== 'running') this.status.textContent = text;
    this.status.hidden = state === 'idle' && text === '';
  }
}

/** `?profile=1` in the page's URL: every run is timed, itk-wasm's copies included (see processing/run-timings.ts). */
export function profilingRequested(search: string): boolean {
  return new URLSearchParams(search).get('profile') === '1';
}

export function createPipelinesPanel(viewer: PipelineViewer): PipelinesPanel {
  return new PipelinesPanel(viewer, { profile: profilingRequested(location.search) });
}
