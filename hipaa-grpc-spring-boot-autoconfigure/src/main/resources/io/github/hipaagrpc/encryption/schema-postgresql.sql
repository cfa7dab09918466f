-- Data keys of hipaa-grpc-spring-boot-starter's envelope encryption (PostgreSQL 12 or
-- later). Each row holds one data key wrapped by the master key, never in plaintext.
-- Safe to run again, and usable as a Flyway migration. The starter inserts rows and
-- rewraps them; it never deletes one, because values encrypted under a data key need it
-- for as long as they exist. Grant the application's role SELECT, INSERT and UPDATE.
CREATE TABLE IF NOT EXISTS hipaa_grpc_data_key (
	id UUID NOT NULL PRIMARY KEY,
	wrapped_key VARCHAR(1024) NOT NULL,
	master_key_version INTEGER NOT NULL,
	created_at TIMESTAMPTZ(6) NOT NULL,
	rewrapped_at TIMESTAMPTZ(6)
);
CREATE INDEX IF NOT EXISTS hipaa_grpc_data_key_version ON hipaa_grpc_data_key (master_key_version, id);
