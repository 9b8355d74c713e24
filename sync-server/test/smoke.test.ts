import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, op, type World } from './world';

describe('smoke', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });
  afterAll(() => w.close());
  it('pushes and pulls', async () => {
    const res = await w.push(w.ann, [op(w.inspectionId)]);
    expect(res.status).toBe(200);
    expect(res.body.results[0].status).toBe('applied');
    const pulled = await w.pull(w.ben);
    expect(pulled.body.rows).toHaveLength(1);
  });
});
