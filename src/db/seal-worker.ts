/**
 * Seals a pulled page's rows, and opens the slices of a screen's first read of tens of thousands
 * of rows, off the page's thread (db/seal-off-thread.ts): each WebCrypto call costs the thread
 * that makes it about 50 µs, half a second of a new tablet's first sync of 10,000 notes and
 * seconds of the lead's first Today at 50,000 that the screens would wait behind. The key comes
 * with each request and is not kept.
 */
import { answerSealRequest, type SealRequest } from './seal-request';

addEventListener('message', (event: MessageEvent<SealRequest>) => {
  void answerSealRequest(event.data).then(({ answer, transfer }) =>
    postMessage(answer, { transfer }),
  );
});
