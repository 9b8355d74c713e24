/**
 * Saves text as a file on the device, offline: a Blob, an object URL and a temporary link with
 * `download`. The URL is revoked a moment later, once the browser has started the download.
 */
export const downloadText = (filename: string, text: string, type: string): number => {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
  return blob.size;
};
