import { describe, expect, it } from 'vitest';
import { describeUserAgent } from '../src/auth/user-agent';

// Real User-Agent strings as the browsers send them (2024–2026 releases).
const CASES: readonly (readonly [string, string, string | null])[] = [
  [
    'Chrome on a Galaxy Tab (no "Mobile")',
    'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Chrome on an Android tablet',
  ],
  [
    'Chrome on an Android phone',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    'Chrome on an Android phone',
  ],
  [
    'Samsung Internet, which also says Chrome',
    'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Safari/537.36',
    'Samsung Internet on an Android tablet',
  ],
  [
    'Edge on Windows, which also says Chrome and Safari',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
    'Edge on a Windows computer',
  ],
  [
    'Firefox on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    'Firefox on a Windows computer',
  ],
  [
    'Safari on an iPad that says iPad (iPadOS before 13, or a mobile-site request)',
    'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    'Safari on an iPad',
  ],
  [
    'Safari that says Macintosh: a Mac, or an iPad asking for desktop pages',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    'Safari on a Mac or an iPad',
  ],
  [
    'Chrome on an iPhone (CriOS)',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
    'Chrome on an iPhone',
  ],
  [
    'Chrome on a Mac',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Chrome on a Mac',
  ],
  [
    'Chrome on a Chromebook',
    'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Chrome on a Chromebook',
  ],
  [
    'headless Chromium on Linux, as the end-to-end tests run',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
    'Chrome on a Linux computer',
  ],
  [
    'a browser it does not know, on a platform it does',
    'Mozilla/5.0 (Windows NT 10.0) Gecko',
    'A browser on a Windows computer',
  ],
  ['a script', 'curl/8.5.0', null],
  ['a Node test client', 'node', null],
  ['no header at all', '', null],
];

describe('a device in words from its User-Agent', () => {
  it.each(CASES)('%s', (_name, ua, words) => {
    expect(describeUserAgent(ua)).toBe(words);
  });

  it('is null without a header', () => {
    expect(describeUserAgent(undefined)).toBeNull();
  });
});
