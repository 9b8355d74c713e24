/**
 * Typing while autosave writes (issue 10 goal 5): a text box driven by the app's own
 * `useAutosave` and repository on an encrypted database with 10,000 notes, the row store watching
 * the inspection's evidence as after a visit to the list. The node side types into it with real
 * key events; each input is timed to the next paint (the frame after it, then a task after that
 * frame's rendering). Exposed as `window.fieldbookTypingBench`.
 */
import { createElement, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import {
  createKeyring,
  createRepository,
  deleteDatabase,
  openDatabase,
  rowStoreOf,
  systemClock,
  type FieldbookDB,
  type KeyHolder,
} from '../../../src/db';
import { useAutosave } from '../../../src/features/shared/useAutosave';
import { BENCH_INSPECTION_ID, evidenceRows, noteText, seededRandom } from './data';

export type TypingRequest = {
  rows: number;
  startChars: number;
  /** false: the same box whose save does nothing, the floor for typing itself. */
  saving: boolean;
};
export type TypingResult = { latencies: number[]; saves: number; rowsWatched: number };

type Session = {
  db: FieldbookDB;
  name: string;
  root: Root;
  host: HTMLElement;
  latencies: number[];
  saves: number;
  flush: () => Promise<void>;
  stopWatching: () => void;
};
let session: Session | undefined;

/** Resolves after the next paint: the frame's callbacks run before it, a posted task after it. */
const afterNextPaint = (): Promise<number> =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );

const TypingField = ({
  initial,
  save,
  onFlush,
}: {
  initial: string;
  save: (patch: { text: string }) => Promise<void>;
  onFlush: (flush: () => Promise<void>) => void;
}) => {
  const [text, setText] = useState(initial);
  const autosave = useAutosave<{ text: string }>(save, Date.now);
  onFlush(autosave.flush);
  return createElement('textarea', {
    id: 'typing',
    'aria-label': 'Note',
    rows: 10,
    cols: 80,
    value: text,
    onChange: (event: { target: { value: string } }) => {
      setText(event.target.value);
      autosave.change({ text: event.target.value });
    },
  });
};

const setUpTyping = async (request: TypingRequest): Promise<void> => {
  const name = `bench-typing-${Math.random().toString(36).slice(2)}`;
  const keys: KeyHolder = { current: null };
  const db = openDatabase(name, keys);
  await createKeyring(db, keys, 'correct horse battery staple');
  await db.evidence.bulkAdd(evidenceRows(request.rows));
  const repository = createRepository({ db, clock: systemClock });
  const initial = noteText(seededRandom(7), Math.ceil(request.startChars / 4)).slice(
    0,
    request.startChars,
  );
  const id = await repository.create('evidence', BENCH_INSPECTION_ID, {
    kind: 'practitioner-interview',
    occurredAt: new Date().toISOString(),
    status: 'draft',
    text: initial,
  });
  const store = rowStoreOf(db);
  const stopWatching = store.watch('evidence', BENCH_INSPECTION_ID, () => {
    store.peek('evidence', BENCH_INSPECTION_ID); // as a screen showing the list would
  });
  await store.settled();
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const current: Session = {
    db,
    name,
    root,
    host,
    latencies: [],
    saves: 0,
    flush: async () => {},
    stopWatching,
  };
  session = current;
  const save = async (patch: { text: string }) => {
    if (request.saving) await repository.update('evidence', id, patch);
    current.saves += 1;
  };
  root.render(
    createElement(TypingField, {
      initial,
      save,
      onFlush: (flush) => (current.flush = flush),
    }),
  );
  await afterNextPaint();
  host.querySelector('textarea')?.addEventListener('input', (event) => {
    const at = event.timeStamp;
    void afterNextPaint().then((painted) => current.latencies.push(painted - at));
  });
};

const typingResult = async (): Promise<TypingResult> => {
  const current = session;
  if (!current) throw new Error('setUpTyping first');
  await current.flush();
  await afterNextPaint();
  const rows = rowStoreOf(current.db).peek('evidence', BENCH_INSPECTION_ID)?.length ?? 0;
  current.stopWatching();
  current.root.unmount();
  current.host.remove();
  current.db.close();
  await deleteDatabase(current.name);
  session = undefined;
  return { latencies: current.latencies, saves: current.saves, rowsWatched: rows };
};

export type FieldbookTypingBench = {
  setUpTyping: typeof setUpTyping;
  typingResult: typeof typingResult;
};

declare global {
  interface Window {
    fieldbookTypingBench?: FieldbookTypingBench;
  }
}

window.fieldbookTypingBench = { setUpTyping, typingResult };
