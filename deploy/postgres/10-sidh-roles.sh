#!/bin/sh
# Runs once, when the PostgreSQL container initialises an empty data directory
# (/docker-entrypoint-initdb.d). Two roles, neither a superuser:
#   sidh_owner — owns the database and its schema: migrations and grants (DATABASE_OWNER_URL)
#   sidh_app   — the API: reads and writes rows, nothing else (DATABASE_URL)
# The API grants sidh_app its rights itself after each migration (apps/api/src/database/roles.ts).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$SIDH_OWNER_PASSWORD" -v app_password="$SIDH_APP_PASSWORD" <<'EOSQL'
CREATE ROLE sidh_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE sidh_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
ALTER DATABASE sidh OWNER TO sidh_owner;
ALTER SCHEMA public OWNER TO sidh_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE sidh FROM PUBLIC;
GRANT CONNECT ON DATABASE sidh TO sidh_app;
EOSQL
