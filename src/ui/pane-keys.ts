import type { ShortcutRegistry } from './shortcuts';

/**
 * The keys the views handle themselves (src/views/slice-pane-input.ts, image-2d-input.ts, the viewer's
 * Escape), listed for the `?` sheet: they act on the focused pane, so they are not dispatched here.
 */
export function listPaneKeys(registry: ShortcutRegistry): void {
  const pane = 'focused slice or 2D pane';
  registry.list({ keys: '↑ / →, ↓ / ←', description: 'Next / previous slice (image)', where: pane });
  registry.list({ keys: 'Page Up / Page Down', description: '10 slices on / back', where: pane });
  registry.list({ keys: 'Home / End', description: 'First / last slice', where: pane });
  registry.list({ keys: 'm', description: 'Maximise the pane, or restore the layout', where: pane });
  registry.list({ keys: 'r', description: 'Fit the image to the pane (zoom and pan reset)', where: pane });
  registry.list({ keys: 'Escape', description: 'Restore a maximised pane', where: 'page' });
  registry.list({ keys: 'Enter / Space', description: 'Open the focused series or study', where: 'series and study lists' });
}
