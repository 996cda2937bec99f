import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search at 300,000 recommendations (issue 14, docs/decisions/0014-search-at-scale.md).
 *
 * `sidh_term_match(term)` matches exactly what `sidh_term_query(term)` matches, with fewer operands:
 * `sidh_term_query` ORs the English stem, the French stem and the word as a prefix (`'women' |
 * 'women' | 'women':*`); a stem that begins with the prefix is already matched by it, and a French
 * stem equal to the English one is the same operand. An expanded query names dozens of terms (the
 * Arabic forms of a concept with their clitics), so it carried three times the operands needed:
 * three times the GIN entry look-ups, three times the work per row where a row is checked, and a
 * planner estimate that grows with the operand count. Terms of several words (phrases) are left
 * as `sidh_term_query` builds them. The search ranks with `sidh_term_query` as before (ts_rank
 * counts duplicate operands once, whatever their prefix flag, so the order is unchanged).
 */
export class SearchAtScale1763900020000 implements MigrationInterface {
  name = 'SearchAtScale1763900020000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The lexeme of a one-operand tsquery, without quotes or prefix mark (as querytree prints it).
    await queryRunner.query(`
      CREATE FUNCTION sidh_tsquery_lexeme(q tsquery) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
        SELECT regexp_replace(querytree(q), '^''(.*)''(:\\*)?$', '\\1')
      $fn$`);
    // PL/pgSQL, not SQL: the planner folds each call of an immutable function with a constant
    // argument, and an SQL function with a FROM clause is planned anew at every call (≈ 2 ms; an
    // expanded query makes a hundred calls), where PL/pgSQL keeps its plans for the session.
    await queryRunner.query(`
      CREATE FUNCTION sidh_term_match(term text) RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
      DECLARE
        n text := quote_literal(sidh_normalize(term));
        e tsquery := to_tsquery('english'::regconfig, n);
        f tsquery := to_tsquery('french'::regconfig, n);
        p tsquery := to_tsquery('simple'::regconfig, n || ':*');
        keep_e boolean;
        keep_f boolean;
      BEGIN
        IF numnode(p) <> 1 OR numnode(e) > 1 OR numnode(f) > 1 THEN
          RETURN e || f || p;
        END IF;
        keep_e := numnode(e) = 1 AND NOT starts_with(sidh_tsquery_lexeme(e), sidh_tsquery_lexeme(p));
        keep_f := numnode(f) = 1 AND NOT starts_with(sidh_tsquery_lexeme(f), sidh_tsquery_lexeme(p)) AND NOT (keep_e AND f = e);
        RETURN CASE WHEN keep_e AND keep_f THEN p || e || f WHEN keep_e THEN p || e WHEN keep_f THEN p || f ELSE p END;
      END $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION sidh_term_match(text)`);
    await queryRunner.query(`DROP FUNCTION sidh_tsquery_lexeme(tsquery)`);
  }
}
