/**
 * The device policy's default, free of schemas: the unlock screen reads it before anything else
 * of the app has loaded, and importing protocol.ts for it would build every schema first.
 * SettingsSchema (protocol.ts) carries the coordinator's own value.
 */
export const DEFAULT_IDLE_LOCK_MINUTES = 10;
