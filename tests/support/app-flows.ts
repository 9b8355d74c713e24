import type { Page } from 'playwright-core';

/**
 * Steps through the app's own screens that many end-to-end tests and benches need, written once
 * against what the user sees (labels, headings, button names), so a markup change breaks one
 * helper, not twenty tests.
 */

export type DeviceInspection = {
  area?: string;
  frameworkId?: 'cp-joint-2012' | 'lac-2012';
  /** Asked only the first time on a device. */
  name?: string;
};

/** Sets up an inspection on the device (no server needed) and returns its id. */
export const setUpInspectionOnDevice = async (
  page: Page,
  baseUrl: string,
  {
    area = 'Northshire County Council',
    frameworkId = 'cp-joint-2012',
    name = 'Alex Inspector',
  }: DeviceInspection = {},
): Promise<string> => {
  await page.goto(`${baseUrl}/inspections/new`);
  await page.getByRole('heading', { name: 'Set up an inspection on this device' }).waitFor();
  // The button is enabled once the device user has loaded; only then do we know if a name is asked.
  await page.waitForSelector('form button[type="submit"]:not([disabled])');
  const nameField = page.getByLabel('Your name');
  if ((await nameField.count()) > 0) {
    await nameField.fill(name);
    await page.getByLabel('Your inspectorate').selectOption({ index: 1 });
  }
  await page.locator(`input[type="radio"][value="${frameworkId}"]`).check();
  await page.getByLabel('Local authority area').fill(area);
  await page.getByRole('button', { name: 'Set up inspection' }).click();
  await page.waitForURL(/\/i\/[0-9a-f-]{36}$/);
  const id = new URL(page.url()).pathname.split('/')[2];
  if (!id) throw new Error(`no inspection id in ${page.url()}`);
  return id;
};

/** The capture screen: choosing the kind of evidence to record. */
export const capturePath = (inspectionId: string): string => `/i/${inspectionId}/evidence/new`;

/** Visible and usable: the heading is shown and the first kind can be chosen. */
export const CAPTURE_READY = 'h1:has-text("Record evidence")';
export const CAPTURE_INTERACTIVE = 'input[type="radio"]:not([disabled])';
