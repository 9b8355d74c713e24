import type { Page } from 'playwright-core';

/**
 * Steps through the app's own screens that many end-to-end tests and benches need, written once
 * against what the user sees (labels, headings, button names), so a markup change breaks one
 * helper, not twenty tests.
 */

/** At least MIN_DEVICE_PASSWORD_CHARS (10); the data key on the device is wrapped by it. */
export const DEVICE_PASSWORD = 'correct horse battery staple';

const WELCOME_HEADING = 'Set up Fieldbook on this device';
const LOCKED_HEADING = 'Fieldbook is locked';

/**
 * Gets past the device gate wherever the page stands: on first use it sets a device password
 * ("No connection? Start offline"), when locked (after every reload: the key lives only in
 * memory) it unlocks. Resolves once neither gate is showing.
 */
export const passGate = async (page: Page, password = DEVICE_PASSWORD): Promise<void> => {
  const welcome = page.getByRole('heading', { name: WELCOME_HEADING });
  const locked = page.getByRole('heading', { name: LOCKED_HEADING });
  await page.waitForSelector('#root > *');
  await welcome.or(locked).or(page.locator('main h1')).first().waitFor();
  if (await welcome.isVisible()) {
    await page.getByLabel('Password for this device').fill(password);
    await page.getByLabel('Type the password again').fill(password);
    await page.getByRole('button', { name: 'Set password and start' }).click();
    await welcome.waitFor({ state: 'detached' });
  } else if (await locked.isVisible()) {
    await unlock(page, password);
  }
};

/** On the locked screen: types the password and waits until the app is open again. */
export const unlock = async (page: Page, password = DEVICE_PASSWORD): Promise<void> => {
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { name: LOCKED_HEADING }).waitFor({ state: 'detached' });
};

/** The tablet opened again later: the page loads afresh, locked, and the password is typed again. */
export const reopenLocked = async (page: Page, password = DEVICE_PASSWORD): Promise<void> => {
  await page.reload();
  await page.getByRole('heading', { name: LOCKED_HEADING }).waitFor();
  await unlock(page, password);
  await page.locator('main h1').waitFor();
};

/** The unlock screen is usable: its password field can be typed into. */
export const UNLOCK_READY = '#unlock-password:not([disabled])';

export type DeviceInspection = {
  area?: string;
  frameworkId?: 'cp-joint-2012' | 'lac-2012';
  /** Asked only the first time on a device. */
  name?: string;
};

/**
 * Sets up an inspection on the device (no server needed, passing the device gate first) and
 * returns its id.
 */
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
  await passGate(page);
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
