/**
 * Loaded into the push bench's server process by profile-push.ts (NODE_OPTIONS=--import, so plain
 * JavaScript: it runs before tsx is registered). The first SIGUSR2 starts V8's sampling profiler
 * on the request thread; the next stops it and writes the profile, with the compiled source of
 * each of the project's scripts (tsx's inline source maps say where each function came from), to
 * PROFILE_PUSH_OUT. The debugger is enabled only after the profile is taken, to read sources.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const out = process.env.PROFILE_PUSH_OUT;
const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

let running = false;
const toggle = async () => {
  if (!running) {
    running = true;
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    await post('Profiler.start');
    return;
  }
  const { profile } = await post('Profiler.stop');
  const scripts = new Map();
  session.on('Debugger.scriptParsed', ({ params }) => {
    if (params.url.startsWith('file://') && !params.url.includes('node_modules'))
      scripts.set(params.scriptId, params.url);
  });
  await post('Debugger.enable');
  const sources = {};
  const used = new Set(profile.nodes.map((n) => n.callFrame.scriptId));
  for (const id of scripts.keys()) {
    if (used.has(id))
      sources[id] = (await post('Debugger.getScriptSource', { scriptId: id })).scriptSource;
  }
  await post('Debugger.disable');
  writeFileSync(`${out}.sources.json`, JSON.stringify(sources));
  writeFileSync(out, JSON.stringify(profile));
};

if (out) process.on('SIGUSR2', () => void toggle());
