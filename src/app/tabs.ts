import { useEffect, useRef, useState } from 'react';

/**
 * What one tab of the app tells the others on the same device (issue 11 point 7): a lock or a wipe
 * in one tab holds in every tab, and activity in any tab keeps every tab's idle lock away, so a
 * forgotten background tab never locks the one being typed in.
 */
export type TabMessage = { type: 'lock' } | { type: 'wiped'; to: string } | { type: 'active' };

export type TabChannel = { post: (message: TabMessage) => void };

/**
 * One BroadcastChannel per database name (every tab of one device shares it; tests with their own
 * database do not hear each other). Where BroadcastChannel is missing, a tab is alone.
 */
export const useTabChannel = (
  name: string,
  onMessage: (message: TabMessage) => void,
): TabChannel => {
  const handler = useRef(onMessage);
  useEffect(() => {
    handler.current = onMessage;
  }, [onMessage]);
  const channel = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const opened = new BroadcastChannel(`fieldbook-tabs:${name}`);
    opened.onmessage = (event: MessageEvent<TabMessage>) => handler.current(event.data);
    channel.current = opened;
    return () => {
      opened.close();
      channel.current = null;
    };
  }, [name]);
  // One object for the tab's life: callers put it in effect dependencies (the idle timer would
  // restart on every render otherwise).
  const [tabChannel] = useState<TabChannel>(() => ({
    post: (message) => channel.current?.postMessage(message),
  }));
  return tabChannel;
};
