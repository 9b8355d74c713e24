import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { preparedOnce } from '../src/store/sqlite-fast';

/** Kysely's SQLite statements are prepared once per text and stay right across schema changes. */
describe('SQLite statements prepared once', () => {
  it('gives the same statement for the same text, and reads what the schema is now', () => {
    const handle = new BetterSqlite3(':memory:');
    const db = preparedOnce(handle);
    db.prepare('create table t (a integer)').run([]);
    const insert = db.prepare('insert into t (a) values (?)');
    expect(db.prepare('insert into t (a) values (?)')).toBe(insert);
    insert.run([1]);
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 1 }]);
    db.prepare('alter table t add column b text').run([]);
    db.prepare('update t set b = ?').run(['x']);
    expect(db.prepare('select * from t').all([])).toEqual([{ a: 1, b: 'x' }]);
    for (let i = 0; i < 300; i++)
      expect(db.prepare(`select ${i} as n`).all([])).toEqual([{ n: i }]);
    expect(db.prepare('select count(*) as n from t').all([])).toEqual([{ n: 1 }]);
    db.close();
    expect(handle.open).toBe(false);
  });
});
