/**
 * PostgreSQL WAL positions (`pg_lsn`, written `16/B374D848`) as numbers that compare, and the
 * replication lag they imply. Pure functions: src/shared/replicas.ts does the talking.
 */

/** `X/Y` (hex halves of a 64-bit position) → a bigint; null for null or a malformed value. */
export function parseLsn(text: string | null | undefined): bigint | null {
  if (!text) return null;
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** 16 hex digits: equal-length strings whose order is the positions' order (a Redis script compares them as text). */
export function lsnKey(lsn: bigint): string {
  return lsn.toString(16).padStart(16, '0');
}

export function lsnFromKey(key: string | null | undefined): bigint | null {
  return key && /^[0-9a-f]{16}$/.test(key) ? BigInt(`0x${key}`) : null;
}

/** What the primary had written at a moment (its `pg_current_wal_lsn()`). */
export interface PrimarySample {
  at: number;
  lsn: bigint;
}

/**
 * How far behind a standby is, from the primary's recent positions (oldest first): the time
 * since the primary first held WAL the standby has not replayed. 0 when it has replayed the
 * newest sample. When every sample kept is ahead of it, the lag is at least the age of the
 * oldest: that age is returned, which is beyond any bound the samples were kept for.
 * An idle primary writes nothing, so a standby that replayed everything has no lag however old
 * its last replayed transaction is (unlike `now() - pg_last_xact_replay_timestamp()`).
 */
export function lagMs(samples: readonly PrimarySample[], replayed: bigint, now: number): number {
  if (!samples.length) return 0;
  const newest = samples[samples.length - 1]!;
  if (replayed >= newest.lsn) return 0;
  for (const sample of samples) {
    if (sample.lsn > replayed) return Math.max(0, now - sample.at);
  }
  return 0;
}
