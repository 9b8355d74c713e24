import type { DeviceNotice } from '../../db';

/**
 * What a device notice says (db/notices.ts): its banner title and why, in words. Here, not with
 * the banner, because a screen of an inspection that has left the device says the same.
 */
export const NOTICE_WORDS: Record<
  DeviceNotice['kind'],
  { title: string; why: (area: string) => string }
> = {
  'removed-from-team': {
    title: 'An inspection has left this device',
    why: (area) =>
      `You are no longer on the team of the ${area} inspection, so its records have been removed from this device.`,
  },
  reported: {
    title: 'An inspection has left this device',
    why: (area) =>
      `The ${area} inspection has been reported, so its records have been removed from this device, as the rules on keeping children’s data require. The server keeps the record.`,
  },
  'added-back': {
    title: 'You are back on an inspection’s team',
    why: (area) =>
      `You have been put back on the team of the ${area} inspection, so its records are returning to this device.`,
  },
  reopened: {
    title: 'A reported inspection is open again',
    why: (area) =>
      `A coordinator has reopened the ${area} inspection, so its records are returning to this device.`,
  },
};
