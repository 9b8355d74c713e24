import * as z from 'zod/mini';

/**
 * The local authority's safeguarding numbers for one inspection (issue 9), set by the coordinator
 * and sent with `GET /api/me`: an inspector who finds a child at risk phones the referral at once
 * (DESIGN.md §2.2), so the numbers must be on the device before any signal is lost.
 */
const PHONE_MAX_CHARS = 40;
/** Digits with the spacing people write ("0300 123 4567", "+44 (0)1632 960 001"), optional extension. */
const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]*[0-9](\s*(ext\.?|x)\s*[0-9]+)?$/;

export const PhoneNumberSchema = z
  .string()
  .check(
    z.minLength(3),
    z.maxLength(PHONE_MAX_CHARS),
    z.regex(PHONE_PATTERN, 'Enter a phone number, like 0300 123 4567'),
  );

export const SAFEGUARDING_CONTACTS = [
  { id: 'frontDoor', label: 'Children’s services front door' },
  { id: 'outOfHours', label: 'Out-of-hours emergency duty team' },
  { id: 'lado', label: 'Local authority designated officer (LADO)' },
] as const;
export type SafeguardingContactId = (typeof SAFEGUARDING_CONTACTS)[number]['id'];

/** Each number is optional: absent or null means "not recorded yet". */
export const SafeguardingContactsSchema = z.strictObject({
  frontDoor: z.optional(z.nullable(PhoneNumberSchema)),
  outOfHours: z.optional(z.nullable(PhoneNumberSchema)),
  lado: z.optional(z.nullable(PhoneNumberSchema)),
});
export type SafeguardingContacts = z.infer<typeof SafeguardingContactsSchema>;

/** The `tel:` address of a number as written: digits and a leading plus only. */
export const telHref = (phone: string): string =>
  `tel:${phone.replace(/(ext\.?|x)\s*([0-9]+)$/i, ',$2').replace(/[^0-9+,]/g, '')}`;
