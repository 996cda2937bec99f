import type { MigrationInterface, QueryRunner } from 'typeorm';

// Characters removed before indexing: Arabic diacritics (U+064B–U+065F, U+0670) and tatweel (U+0640).
const ARABIC_MARKS = [...Array.from({ length: 0x065f - 0x064b + 1 }, (_, i) => 0x064b + i), 0x0670, 0x0640]
  .map((c) => String.fromCharCode(c))
  .join('');
// Single-character foldings; must mirror libs/shared/domain/src/search.ts (normalizeForSearch).
const FOLD_FROM =
  'آأإٱىةؤئ' + '٠١٢٣٤٥٦٧٨٩' + '۰۱۲۳۴۵۶۷۸۹' + 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ' + 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸ';
const FOLD_TO = 'اااايهوي' + '0123456789' + '0123456789' + 'aaaaaaceeeeiiiinooooouuuuyy' + 'aaaaaaceeeeiiiinooooouuuuyy';

/**
 * Free-text search identical on PostgreSQL server and PGlite (no extension, no locale
 * dependence), and the tamper-evident audit chain.
 */
export class SearchAndAuditChain1763900000001 implements MigrationInterface {
  name = 'SearchAndAuditChain1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if ([...FOLD_FROM].length !== [...FOLD_TO].length) throw new Error('fold tables differ in length');
    // ---- search ------------------------------------------------------------------------------
    await queryRunner.query(`
      CREATE FUNCTION sidh_normalize(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT replace(replace(replace(replace(lower(translate(coalesce(t, ''), '${FOLD_FROM}${ARABIC_MARKS}', '${FOLD_TO}')),
          'œ', 'oe'), 'æ', 'ae'), 'Œ', 'oe'), 'Æ', 'ae')
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION sidh_search_vector(text_en text, text_fr text, text_ar text) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT to_tsvector('english'::regconfig, sidh_normalize(text_en))
            || to_tsvector('french'::regconfig, sidh_normalize(text_fr))
            || to_tsvector('simple'::regconfig, sidh_normalize(concat_ws(' ', text_en, text_fr, text_ar)))
      $fn$`);
    // One query term matches its English stem, its French stem, or any word it begins.
    await queryRunner.query(`
      CREATE FUNCTION sidh_term_query(term text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT to_tsquery('english'::regconfig, quote_literal(sidh_normalize(term)))
            || to_tsquery('french'::regconfig, quote_literal(sidh_normalize(term)))
            || to_tsquery('simple'::regconfig, quote_literal(sidh_normalize(term)) || ':*')
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION recommendation_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        NEW.search_vector := sidh_search_vector(NEW.text_en, NEW.text_fr, NEW.text_ar);
        RETURN NEW;
      END $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER recommendation_search_vector BEFORE INSERT OR UPDATE OF text_en, text_fr, text_ar
      ON recommendation FOR EACH ROW EXECUTE FUNCTION recommendation_search_vector_update()`);
    await queryRunner.query(`CREATE INDEX ix_recommendation_search ON recommendation USING gin (search_vector)`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_tx" ON "audit_event" ("tx_id")`);

    // ---- audit chain ---------------------------------------------------------------------------
    // Canonical serialisation: a JSON array (jsonb text output is deterministic).
    await queryRunner.query(`
      CREATE FUNCTION audit_event_payload(e audit_event) RETURNS text LANGUAGE sql STABLE AS $fn$
        SELECT jsonb_build_array(
          e.id::text, to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.actor_id::text, e.actor_role, e.actor_institution_id::text, e.action, e.entity_type, e.entity_id,
          e.changes, e.request_id, e.ip, e.tx_id::text, e.prev_hash)::text
      $fn$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_hash(e audit_event) RETURNS varchar LANGUAGE sql STABLE AS $fn$
        SELECT encode(sha256(convert_to(audit_event_payload(e), 'UTF8')), 'hex')
      $fn$`);
    // Writers are serialised by a transaction-scoped advisory lock, so ids follow commit order
    // and every event names its predecessor's hash.
    await queryRunner.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $fn$
      DECLARE
        head record;
      BEGIN
        PERFORM pg_advisory_xact_lock(7270001);
        SELECT id, hash INTO head FROM audit_event ORDER BY id DESC LIMIT 1;
        NEW.id := coalesce(head.id, 0) + 1;
        NEW.prev_hash := coalesce(head.hash, repeat('0', 64));
        NEW.occurred_at := clock_timestamp();
        NEW.tx_id := txid_current();
        NEW.hash := audit_event_hash(NEW);
        RETURN NEW;
      END $fn$`);
    await queryRunner.query(`CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
      END $fn$`);
    await queryRunner.query(`CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await queryRunner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);

    // A business change cannot commit unless its transaction also wrote an audit event.
    await queryRunner.query(`
      CREATE FUNCTION assert_audited() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM audit_event WHERE tx_id = txid_current()) THEN
          RAISE EXCEPTION 'unaudited change to %', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NULL;
      END $fn$`);
    for (const table of AUDITED_TABLES) {
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER ${table}_audited AFTER INSERT OR UPDATE OR DELETE ON ${table}
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION assert_audited()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of AUDITED_TABLES) await queryRunner.query(`DROP TRIGGER ${table}_audited ON ${table}`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_truncate ON audit_event`);
    await queryRunner.query(`DROP TRIGGER audit_event_no_change ON audit_event`);
    await queryRunner.query(`DROP TRIGGER audit_event_chain ON audit_event`);
    await queryRunner.query(`DROP TRIGGER recommendation_search_vector ON recommendation`);
    await queryRunner.query(`DROP INDEX ix_recommendation_search`);
    await queryRunner.query(`DROP INDEX "ix_audit_event_tx"`);
    for (const fn of [
      'assert_audited()',
      'audit_event_append_only()',
      'audit_event_chain()',
      'audit_event_hash(audit_event)',
      'audit_event_payload(audit_event)',
      'recommendation_search_vector_update()',
      'sidh_term_query(text)',
      'sidh_search_vector(text, text, text)',
      'sidh_normalize(text)',
    ])
      await queryRunner.query(`DROP FUNCTION ${fn}`);
  }
}

const AUDITED_TABLES = [
  'institution',
  'app_user',
  'body',
  'review',
  'recommendation',
  'recommendation_state',
  'recommendation_theme',
  'recommendation_affected_person',
  'recommendation_sdg_target',
  'recommendation_axis',
  'recommendation_sub_axis',
  'assignment',
  'country',
  'theme',
  'affected_person',
  'sdg_goal',
  'sdg_target',
  'axis',
  'sub_axis',
];
