import { el } from '../dom/elements';

export type FilesHandler = (files: File[]) => void;

/**
 * File and folder pickers plus page-wide drag and drop, all ending in one list of Files. A `.zip`
 * among them (chosen, dropped, or inside a chosen folder) is handed on as it is: the ingest opens it
 * (IngestClient.indexFiles) and indexes its entries as files.
 */
export function createFileInputs(onFiles: FilesHandler, onSample: () => void): HTMLElement {
  const files = el('input', { type: 'file', multiple: true, 'data-testid': 'open-files', id: 'open-files' });
  const folder = el('input', { type: 'file', multiple: true, 'data-testid': 'open-folder', id: 'open-folder' });
  folder.webkitdirectory = true;
  for (const input of [files, folder]) {
    input.addEventListener('change', () => {
      const chosen = [...(input.files ?? [])];
      input.value = '';
      if (chosen.length > 0) onFiles(chosen);
    });
  }
  const sample = el('button', { type: 'button', 'data-testid': 'load-sample' }, 'Load sample CT phantom');
  sample.addEventListener('click', onSample);
  installDropZone(document.body, onFiles);
  return el(
    'div',
    { className: 'file-inputs' },
    el(
      'label',
      { className: 'button', for: 'open-files', title: 'DICOM files, or .zip archives of them' },
      'Open files or .zip…',
    ),
    files,
    el('label', { className: 'button', for: 'open-folder' }, 'Open folder…'),
    folder,
    sample,
  );
}

function installDropZone(target: HTMLElement, onFiles: FilesHandler): void {
  target.addEventListener('dragover', (event) => {
    event.preventDefault();
    target.classList.add('dragging');
  });
  target.addEventListener('dragleave', () => target.classList.remove('dragging'));
  target.addEventListener('drop', (event) => {
    event.preventDefault();
    target.classList.remove('dragging');
    const items = [...(event.dataTransfer?.items ?? [])];
    void filesFromDrop(items).then((dropped) => {
      if (dropped.length > 0) onFiles(dropped);
    });
  });
}

/** Dropped folders arrive as entries; walk them so a dropped study folder works like the folder picker. */
async function filesFromDrop(items: DataTransferItem[]): Promise<File[]> {
  const entries = items.map((item) => item.webkitGetAsEntry?.()).filter((entry): entry is FileSystemEntry => !!entry);
  if (entries.length === 0) return items.map((item) => item.getAsFile()).filter((file): file is File => !!file);
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      files.push(new File([file], `${prefix}${file.name}`, { type: file.type, lastModified: file.lastModified }));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const entry of entries) await walk(entry, '');
  return files;
}
