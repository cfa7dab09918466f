-- Data keys of hipaa-grpc-spring-boot-starter's envelope encryption (H2 2.x). Each row
-- holds one data key wrapped by the master key, never in plaintext. Safe to run again,
-- and usable as a Flyway migration. The starter never deletes a row.
CREATE TABLE IF NOT EXISTS hipaa_grpc_data_key (
	id UUID NOT NULL PRIMARY KEY,
	wrapped_key VARCHAR(1024) NOT NULL,
	master_key_version INTEGER NOT NULL,
	created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	rewrapped_at TIMESTAMP(6) WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS hipaa_grpc_data_key_version ON hipaa_grpc_data_key (master_key_version, id);
