// Seeds cases, transitions and notifications with plain SQL, fast enough for hundreds of thousands.
import type pg from 'pg';

const FIELDS = JSON.stringify({
  category: 'private',
  org_name: 'ベンチマーク株式会社',
  corporate_number: '4011001098993',
  department: '開発部',
  contact_name: '田中',
  phone: '03-1234-5678',
  // The sender of the benchmark's replies (test/helpers/reply-mail.ts): their mail counts as the applicant's.
  email: 'applicant@example.co.jp',
  usage_mode: 'remote',
  krl_proxy: 'no',
});

/** `count` usage cases waiting at (1)-b with their card and DM posted; returns their keys. */
export async function seedOpenCases(db: pg.Client, count: number, requester: string): Promise<string[]> {
  const { rows } = await db.query<{ key: string }>(
    `WITH ids AS (SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id FROM generate_series(1, $1)),
     inserted AS (
       INSERT INTO cases (id, key, procedure, step, version, requester_id, org_name, corporate_number, applicant_email, fields, card_channel, card_ts, dm_channel, dm_ts)
       SELECT id, 'MDOC-' || CASE WHEN id < 1000 THEN lpad(id::text, 4, '0') ELSE id::text END, 'usage', '(1)-b', 1, $2, 'ベンチマーク株式会社', '4011001098993', 'applicant@example.co.jp', $3::jsonb,
              'C0REVIEW', '1700000000.' || lpad(id::text, 6, '0'), 'DBENCH', '1700000001.' || lpad(id::text, 6, '0')
       FROM ids RETURNING id, key),
     opened AS (INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id) SELECT id, 1, '(1)-a', '(1)-b', 'open', $2 FROM inserted)
     SELECT key FROM inserted ORDER BY id`,
    [count, requester, FIELDS],
  );
  return rows.map((r) => r.key);
}

/**
 * A record grown over years: `cases` usage cases with `perCase` transitions each, most of them closed.
 * Inserted in chunks so that one statement never holds millions of rows in memory.
 */
export async function seedGrownRecord(db: pg.Client, cases: number, perCase: number): Promise<void> {
  const chunk = 10_000;
  for (let done = 0; done < cases; done += chunk) {
    const n = Math.min(chunk, cases - done);
    await db.query(
      `WITH ids AS (SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id, g FROM generate_series(1, $1) g),
       inserted AS (
         INSERT INTO cases (id, key, procedure, step, version, closed, requester_id, org_name, corporate_number, applicant_email, fields, created_at, updated_at)
         SELECT id, 'MDOC-' || CASE WHEN id < 1000 THEN lpad(id::text, 4, '0') ELSE id::text END, 'usage', CASE WHEN g % 5 = 0 THEN '(2)-b' ELSE '(5)' END, $2, g % 5 <> 0,
                'UOLD', '過去の事業者' || id, '4011001098993', 'old@example.jp', $3::jsonb,
                now() - (random() * interval '1500 days'), now() - (random() * interval '1000 days')
         FROM ids RETURNING id)
       INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id, created_at)
       SELECT id, v, CASE WHEN v = 1 THEN '(1)-a' ELSE '(2)-a' END, '(2)-b', CASE WHEN v = 1 THEN 'open' ELSE 'record_submission' END, 'UOLD', now() - interval '1 day' * (100 - v)
       FROM inserted, generate_series(1, $2) v`,
      [n, perCase, FIELDS],
    );
  }
  // The open cases wait at (2)-b with deadlines spread around today: some overdue, some due soon. As
  // the bot writes them, a case is overdue from the end of its due date in Japan.
  await db.query(
    `UPDATE cases SET step_since = updated_at, due_date = (now() AT TIME ZONE 'Asia/Tokyo')::date + (random() * 20)::int - 10
     WHERE NOT closed AND requester_id = 'UOLD'`,
  );
  await db.query(`UPDATE cases SET overdue_at = (due_date + 1)::timestamp AT TIME ZONE 'Asia/Tokyo' WHERE due_date IS NOT NULL AND requester_id = 'UOLD'`);
  // A record grown over years has been vacuumed by autovacuum many times: its visibility map is set.
  await db.query('VACUUM ANALYZE cases');
  await db.query('VACUUM ANALYZE transitions');
}

/**
 * `perChannel` DM replies queued for each of `channels` requesters: every one needs its own
 * chat.postMessage to its own channel. Returns how many notifications were queued.
 */
export async function seedDrain(db: pg.Client, channels: number, perChannel: number): Promise<number> {
  await db.query(
    `WITH ids AS (SELECT nextval(pg_get_serial_sequence('cases', 'id'))::int AS id, g FROM generate_series(1, $1) g),
     inserted AS (
       INSERT INTO cases (id, key, procedure, step, version, requester_id, org_name, corporate_number, applicant_email, fields, card_channel, card_ts, dm_channel, dm_ts)
       SELECT id, 'MDOC-' || CASE WHEN id < 1000 THEN lpad(id::text, 4, '0') ELSE id::text END, 'usage', '(2)-b', $2 + 1, 'UDRAIN' || g, 'ドレイン株式会社', '4011001098993', 'drain@example.jp', $3::jsonb,
              'C0REVIEW', '1700000000.' || lpad(id::text, 6, '0'), 'DDRAIN' || g, '1700000001.' || lpad(id::text, 6, '0')
       FROM ids RETURNING id),
     transitions AS (
       INSERT INTO transitions (case_id, version, from_step, to_step, action, actor_id)
       SELECT id, v, '(2)-a', '(2)-b', 'record_submission', 'UDRAIN' FROM inserted, generate_series(2, $2 + 1) v
       RETURNING case_id, version)
     INSERT INTO notifications (case_id, stream, kind, payload)
     SELECT case_id, 'dm:' || case_id, 'dm.reply', jsonb_build_object('version', version) FROM transitions ORDER BY case_id, version`,
    [channels, perChannel, FIELDS],
  );
  return channels * perChannel;
}
