/**
 * A device in words from the User-Agent its browser sent at sign-in ("Chrome on an Android
 * tablet"), so the coordinator can tell an inspector's tablets apart without an id. A few rules,
 * not a full parser: the order matters, because most browsers also name the ones they grew from
 * (Edge says "Chrome" and "Safari", Chrome says "Safari"). Returns null for what is no browser
 * (a script, a test client), and the output is only ever these fixed words, never the header.
 */
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(OPR|OPiOS)\//, 'Opera'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|HeadlessChrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const platformOf = (ua: string): string | null => {
  if (/\biPad\b/.test(ua)) return 'an iPad';
  if (/\biPhone\b/.test(ua)) return 'an iPhone';
  // Android tablets' browsers leave out "Mobile"; phones' put it in.
  if (/\bAndroid\b/.test(ua))
    return /\bMobile\b/.test(ua) ? 'an Android phone' : 'an Android tablet';
  if (/\bCrOS\b/.test(ua)) return 'a Chromebook';
  if (/\bWindows\b/.test(ua)) return 'a Windows computer';
  if (/\bMacintosh\b/.test(ua)) return 'a Mac';
  if (/\bLinux\b/.test(ua)) return 'a Linux computer';
  return null;
};

export const describeUserAgent = (ua: string | undefined): string | null => {
  if (!ua || !ua.startsWith('Mozilla/')) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
  let platform = platformOf(ua);
  // iPadOS Safari asks for desktop pages and says "Macintosh", word for word like a Mac's Safari:
  // the header cannot tell the two apart, so the words say so rather than guess.
  if (platform === 'a Mac' && browser === 'Safari') platform = 'a Mac or an iPad';
  if (!browser && !platform) return null;
  if (!platform) return browser;
  return `${browser ?? 'A browser'} on ${platform}`;
};
