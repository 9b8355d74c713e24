/** `fieldbook-northshire-2026-11-26-evidence.csv`: says what, where and when, safe on every OS. */
export const exportFilename = (area: string, isoDate: string, what: string, ext: string) =>
  `fieldbook-${
    area
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'inspection'
  }-${isoDate}-${what}.${ext}`;
