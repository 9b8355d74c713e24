import type { SyncHint } from './types';

/** In-process fan-out of commit hints to the SSE streams of this process. */
export type Hub = {
  publish(hint: SyncHint): void;
  subscribe(listener: (hint: SyncHint) => void): () => void;
};

export const createHub = (onListenerError: (error: unknown) => void): Hub => {
  const listeners = new Set<(hint: SyncHint) => void>();
  return {
    publish(hint) {
      for (const listener of listeners) {
        try {
          listener(hint);
        } catch (error) {
          // One broken stream must not stop the others from hearing about the commit.
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
