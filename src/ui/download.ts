/** How long a download's blob: URL lives: the browser has begun reading it well before. */
const URL_LIFETIME_MS = 60_000;

/** Offers `blob` as a file called `fileName`, through an anchor with a blob: URL (nothing leaves the page). */
export function offerDownload(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
}
