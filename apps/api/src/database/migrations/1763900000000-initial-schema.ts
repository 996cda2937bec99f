import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Generated from the entities (apps/api/tools/schema-sql.ts). Never edit once merged. */
export class InitialSchema1763900000000 implements MigrationInterface {
  name = 'InitialSchema1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" ("id" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_role" character varying(16), "actor_institution_id" uuid, "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(64), "changes" jsonb NOT NULL DEFAULT '{}', "request_id" character varying(64), "ip" character varying(64), "tx_id" bigint NOT NULL DEFAULT txid_current(), "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_entity" ON "audit_event" ("entity_type", "entity_id") `);
    await queryRunner.query(`CREATE TABLE "institution" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "type" character varying(32) NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "name_en" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_505d00ce02e2c67d3e0df4c72fa" UNIQUE ("code"), CONSTRAINT "PK_f60ee4ff0719b7df54830b39087" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(16) NOT NULL, "institution_id" uuid, "locale" character varying(2) NOT NULL DEFAULT 'fr', "active" boolean NOT NULL DEFAULT true, "password_hash" text, "tokens_valid_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "app_user" ("email") `);
    await queryRunner.query(`CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character varying(64) NOT NULL, "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "family_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_refresh_token_hash" ON "refresh_token" ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "ix_refresh_token_family" ON "refresh_token" ("family_id") `);
    await queryRunner.query(`CREATE TABLE "login_throttle" ("email_key" character varying(254) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "window_start" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_8e8021a4e8b6d9b37eb103c098d" PRIMARY KEY ("email_key"))`);
    await queryRunner.query(`CREATE TABLE "country" ("name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "code" character varying(2) NOT NULL, "iso3" character varying(3), CONSTRAINT "PK_8ff4c23dc9a3f3856555bd86186" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "theme" ("name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "code" character varying(64) NOT NULL, CONSTRAINT "PK_d39e888e20592fb5fb0ff9c2f08" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "affected_person" ("name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "code" character varying(64) NOT NULL, CONSTRAINT "PK_0dc8da34bdd3217af5b77b7289d" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "sdg_goal" ("name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "code" character varying(2) NOT NULL, CONSTRAINT "PK_61b6fb19f3d474c5f2ebb84ba54" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "sdg_target" ("name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "code" character varying(8) NOT NULL, "goal_code" character varying(2) NOT NULL, CONSTRAINT "PK_3257fedfbbf7c2e56e20e1f592a" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "axis" ("name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "code" character varying(16) NOT NULL, CONSTRAINT "PK_8a3c86e3aec4a5c56c29a2d63fa" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "sub_axis" ("name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "code" character varying(16) NOT NULL, "axis_code" character varying(16) NOT NULL, CONSTRAINT "PK_81feee3208de3a309997449a448" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "body" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "mechanism" character varying(24) NOT NULL, "name_en" text NOT NULL, "name_fr" text NOT NULL, "name_ar" text NOT NULL, "follow_up_months" integer, CONSTRAINT "UQ_bdea64ee7b6528bfb7cedda6fd8" UNIQUE ("code"), CONSTRAINT "PK_fcdfba471eb9ce3c1add2c1e83d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "review" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "body_id" uuid NOT NULL, "code" character varying(64) NOT NULL, "title" text NOT NULL, "cycle" integer, "session" character varying(64), "year" integer, "review_date" date, "document_symbol" character varying(64), CONSTRAINT "PK_2e4299a343a81574217255c00ca" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_review_body_code" ON "review" ("body_id", "code") `);
    await queryRunner.query(`CREATE TABLE "recommendation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "mechanism" character varying(24) NOT NULL, "body_id" uuid NOT NULL, "review_id" uuid, "document_symbol" character varying(64), "paragraph" character varying(32), "external_code" character varying(64), "text_ar" text, "text_fr" text, "text_en" text, "response" character varying(24), "follow_up" boolean NOT NULL DEFAULT false, "follow_up_due_date" date, "status" character varying(24) NOT NULL DEFAULT 'not_started', "version" integer NOT NULL DEFAULT '1', "search_vector" tsvector, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_17cb51984a6627ef2ce7370e23c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_recommendation_status" ON "recommendation" ("status") `);
    await queryRunner.query(`CREATE INDEX "ix_recommendation_review" ON "recommendation" ("review_id") `);
    await queryRunner.query(`CREATE INDEX "ix_recommendation_body" ON "recommendation" ("body_id") `);
    await queryRunner.query(`CREATE TABLE "assignment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recommendation_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "role" character varying(16) NOT NULL DEFAULT 'lead', "due_date" date, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_43c2f5a3859f54cedafb270f37e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_assignment_institution" ON "assignment" ("institution_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_assignment_recommendation_institution" ON "assignment" ("recommendation_id", "institution_id") `);
    await queryRunner.query(`CREATE TABLE "recommendation_state" ("recommendation_id" uuid NOT NULL, "country_code" character varying(2) NOT NULL, CONSTRAINT "PK_b9a6d97387f450612e5bfdcd4c1" PRIMARY KEY ("recommendation_id", "country_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_26a1f33299b667e0816a772d32" ON "recommendation_state" ("recommendation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_4ac01ee7fe54eafc69fb830134" ON "recommendation_state" ("country_code") `);
    await queryRunner.query(`CREATE TABLE "recommendation_theme" ("recommendation_id" uuid NOT NULL, "theme_code" character varying(64) NOT NULL, CONSTRAINT "PK_eb19e47493672501c0df1d40f61" PRIMARY KEY ("recommendation_id", "theme_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_5be25128ae4a1e172ad0c49c5e" ON "recommendation_theme" ("recommendation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c2aca4020c01f1c4b612b42de3" ON "recommendation_theme" ("theme_code") `);
    await queryRunner.query(`CREATE TABLE "recommendation_affected_person" ("recommendation_id" uuid NOT NULL, "affected_person_code" character varying(64) NOT NULL, CONSTRAINT "PK_a5ca2929e130d5f5af8f79b6cf7" PRIMARY KEY ("recommendation_id", "affected_person_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_dad85c28fbf2bd6c27522bd49f" ON "recommendation_affected_person" ("recommendation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_fc769d14af48622a775df746d0" ON "recommendation_affected_person" ("affected_person_code") `);
    await queryRunner.query(`CREATE TABLE "recommendation_sdg_target" ("recommendation_id" uuid NOT NULL, "sdg_target_code" character varying(8) NOT NULL, CONSTRAINT "PK_e80f255cc26836b78752bb98789" PRIMARY KEY ("recommendation_id", "sdg_target_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_2df10417d696f9fc20e0f197d2" ON "recommendation_sdg_target" ("recommendation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_198bc03a270c2fcc6f686fca92" ON "recommendation_sdg_target" ("sdg_target_code") `);
    await queryRunner.query(`CREATE TABLE "recommendation_axis" ("recommendation_id" uuid NOT NULL, "axis_code" character varying(16) NOT NULL, CONSTRAINT "PK_8ec024ef72342b4a8c9c78c1d0f" PRIMARY KEY ("recommendation_id", "axis_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_c3426eb342dfb9d6b59ba0a0f2" ON "recommendation_axis" ("recommendation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_8c59237c84263ccffa8ae2388b" ON "recommendation_axis" ("axis_code") `);
    await queryRunner.query(`CREATE TABLE "recommendation_sub_axis" ("recommendation_id" uuid NOT NULL, "sub_axis_code" character varying(16) NOT NULL, CONSTRAINT "PK_444c4cdcf885f2294827d02b371" PRIMARY KEY ("recommendation_id", "sub_axis_code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_5d970cb86d7e25b7d8fc4bf646" ON "recommendation_sub_axis" ("recommendation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9e8bce9b9f455d75ef2771fbe3" ON "recommendation_sub_axis" ("sub_axis_code") `);
    await queryRunner.query(`ALTER TABLE "app_user" ADD CONSTRAINT "FK_6e4e53daa243948062ebff290ac" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sdg_target" ADD CONSTRAINT "FK_364af54df10bc83c29817bc561f" FOREIGN KEY ("goal_code") REFERENCES "sdg_goal"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sub_axis" ADD CONSTRAINT "FK_ca95068f77b0f926e7c31058911" FOREIGN KEY ("axis_code") REFERENCES "axis"("code") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "review" ADD CONSTRAINT "FK_de7e0e8762fed285638e6b64daa" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "recommendation" ADD CONSTRAINT "FK_2aa9b4ea7363c2764392edee522" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "recommendation" ADD CONSTRAINT "FK_86f705364642702b67f3d4c5739" FOREIGN KEY ("review_id") REFERENCES "review"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assignment" ADD CONSTRAINT "FK_d852d52dd045d63d44a30f5ea7c" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "assignment" ADD CONSTRAINT "FK_04d07d8820edecddf52aa2e3fb8" FOREIGN KEY ("institution_id") REFERENCES "institution"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "recommendation_state" ADD CONSTRAINT "FK_26a1f33299b667e0816a772d32b" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_state" ADD CONSTRAINT "FK_4ac01ee7fe54eafc69fb8301345" FOREIGN KEY ("country_code") REFERENCES "country"("code") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_theme" ADD CONSTRAINT "FK_5be25128ae4a1e172ad0c49c5ec" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_theme" ADD CONSTRAINT "FK_c2aca4020c01f1c4b612b42de38" FOREIGN KEY ("theme_code") REFERENCES "theme"("code") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_affected_person" ADD CONSTRAINT "FK_dad85c28fbf2bd6c27522bd49f4" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_affected_person" ADD CONSTRAINT "FK_fc769d14af48622a775df746d00" FOREIGN KEY ("affected_person_code") REFERENCES "affected_person"("code") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_sdg_target" ADD CONSTRAINT "FK_2df10417d696f9fc20e0f197d2c" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_sdg_target" ADD CONSTRAINT "FK_198bc03a270c2fcc6f686fca920" FOREIGN KEY ("sdg_target_code") REFERENCES "sdg_target"("code") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_axis" ADD CONSTRAINT "FK_c3426eb342dfb9d6b59ba0a0f2a" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_axis" ADD CONSTRAINT "FK_8c59237c84263ccffa8ae2388b3" FOREIGN KEY ("axis_code") REFERENCES "axis"("code") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_sub_axis" ADD CONSTRAINT "FK_5d970cb86d7e25b7d8fc4bf646a" FOREIGN KEY ("recommendation_id") REFERENCES "recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "recommendation_sub_axis" ADD CONSTRAINT "FK_9e8bce9b9f455d75ef2771fbe30" FOREIGN KEY ("sub_axis_code") REFERENCES "sub_axis"("code") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "recommendation_sub_axis" CASCADE`);
    await queryRunner.query(`DROP TABLE "recommendation_axis" CASCADE`);
    await queryRunner.query(`DROP TABLE "recommendation_sdg_target" CASCADE`);
    await queryRunner.query(`DROP TABLE "recommendation_affected_person" CASCADE`);
    await queryRunner.query(`DROP TABLE "recommendation_theme" CASCADE`);
    await queryRunner.query(`DROP TABLE "recommendation_state" CASCADE`);
    await queryRunner.query(`DROP TABLE "assignment" CASCADE`);
    await queryRunner.query(`DROP TABLE "recommendation" CASCADE`);
    await queryRunner.query(`DROP TABLE "review" CASCADE`);
    await queryRunner.query(`DROP TABLE "body" CASCADE`);
    await queryRunner.query(`DROP TABLE "sub_axis" CASCADE`);
    await queryRunner.query(`DROP TABLE "axis" CASCADE`);
    await queryRunner.query(`DROP TABLE "sdg_target" CASCADE`);
    await queryRunner.query(`DROP TABLE "sdg_goal" CASCADE`);
    await queryRunner.query(`DROP TABLE "affected_person" CASCADE`);
    await queryRunner.query(`DROP TABLE "theme" CASCADE`);
    await queryRunner.query(`DROP TABLE "country" CASCADE`);
    await queryRunner.query(`DROP TABLE "login_throttle" CASCADE`);
    await queryRunner.query(`DROP TABLE "refresh_token" CASCADE`);
    await queryRunner.query(`DROP TABLE "app_user" CASCADE`);
    await queryRunner.query(`DROP TABLE "institution" CASCADE`);
    await queryRunner.query(`DROP TABLE "audit_event" CASCADE`);
  }
}
