/**
 * Append-only for the application's database role, at the database: a trigger refuses UPDATE,
 * DELETE and TRUNCATE of audit_event whoever asks (the app, a psql session, a compromised
 * resolver). Copy these statements verbatim into the migration that creates audit_event
 * (migrations must not import application code). PostgreSQL ≥ 11 (15 in CI, 18 embedded).
 */
export const AUDIT_APPEND_ONLY_SQL: readonly string[] = [
  `create or replace function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end
$$;`,
  `create trigger audit_event_no_update_delete before update or delete on audit_event for each row execute function audit_event_append_only();`,
  `create trigger audit_event_no_truncate before truncate on audit_event for each statement execute function audit_event_append_only();`,
];

/** The matching down migration. */
export const AUDIT_APPEND_ONLY_DOWN_SQL: readonly string[] = [
  'drop trigger if exists audit_event_no_truncate on audit_event;',
  'drop trigger if exists audit_event_no_update_delete on audit_event;',
  'drop function if exists audit_event_append_only();',
];
