/** Styles of the pipelines panel (kept with it; injected once). Compact: the sidebar is 320 px. */
const CSS = `
.pipelines-panel { border: 1px solid #333; border-radius: 4px; margin: 6px 0; padding: 4px 8px 8px; font-size: 12px; }
.pipelines-panel h2 { font-size: 13px; margin: 2px 0 4px; font-weight: 600; }
.pipelines-panel .pipeline-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 4px 0; }
.pipelines-panel select, .pipelines-panel input[type='number'], .pipelines-panel input[type='text'], .pipelines-panel textarea {
  background: #222; color: #eee; border: 1px solid #444; border-radius: 3px; font: inherit; }
.pipelines-panel [data-testid='pipeline-select'] { flex: 1; min-width: 0; }
.pipelines-panel input[type='file'] { position: absolute; width: 1px; height: 1px; opacity: 0; }
.pipelines-panel .button, .pipelines-panel button { padding: 3px 8px; }
.pipelines-panel button:disabled { opacity: 0.45; cursor: default; }
.pipeline-description { color: #999; margin: 2px 0 4px; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.pipeline-hint { color: #888; margin: 4px 0; }
.pipeline-form { display: grid; gap: 4px; }
.pipeline-field { display: grid; grid-template-columns: 88px 1fr; gap: 2px 6px; align-items: center; }
.pipeline-field-label { color: #bbb; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.pipeline-field input[type='number'] { width: 76px; }
.pipeline-field input[type='text'], .pipeline-field textarea { width: 100%; box-sizing: border-box; }
.pipeline-field-boolean { display: block; }
.pipeline-vector-row { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.pipeline-vector { display: inline-flex; gap: 2px; }
.pipeline-field input.pipeline-vector-item { width: 46px; }
.pipeline-pick { white-space: nowrap; }
.pipeline-field-error { grid-column: 2; color: #ff9c9c; }
.pipeline-field input:invalid { border-color: #b44; }
.pipeline-status { margin: 4px 0; padding: 4px 6px; border-radius: 4px; background: #1f1f1f; overflow-wrap: anywhere; }
.pipeline-status[data-state='running'] { background: #1c2738; }
.pipeline-status[data-state='done'] { background: #16301c; }
.pipeline-status[data-state='error'] { background: #3a1616; color: #ffb4b4; white-space: pre-wrap; }
.pipeline-status[data-state='cancelled'] { background: #33300f; }
.pipeline-output-text { max-height: 160px; overflow: auto; margin: 4px 0; padding: 4px; background: #111; border: 1px solid #333; font-size: 11px; white-space: pre-wrap; }
.pipeline-layers-head { display: flex; justify-content: space-between; align-items: center; color: #aaa; margin-top: 4px; }
.pipeline-layer-list { list-style: none; margin: 2px 0 0; padding: 0; }
.layer-item { display: flex; justify-content: space-between; align-items: center; padding: 1px 2px; border-radius: 3px; }
.layer-item.shown { background: #202a36; }
.layer-item label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.layer-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px; vertical-align: -1px; }
.layer-swatch.grey { background: linear-gradient(90deg, #000, #fff); }
.pipelines-panel .layer-remove { padding: 0 6px; }
`;

let installed = false;

export function installPipelineStyles(): void {
  if (installed || typeof document === 'undefined') return;
  installed = true;
  const style = document.createElement('style');
  style.dataset.owner = 'pipelines-panel';
  style.textContent = CSS;
  document.head.append(style);
}
