-- Audit records of hipaa-grpc-spring-boot-starter (PostgreSQL 12 or later). Safe to run
-- again, and usable as a Flyway migration. The table is append-only: a trigger rejects
-- every UPDATE, DELETE and TRUNCATE, whoever runs it. Grant the application's role only
-- INSERT and SELECT, and keep the table's owner for migrations.
CREATE TABLE IF NOT EXISTS hipaa_grpc_audit_record (
	id UUID NOT NULL PRIMARY KEY,
	chain_id VARCHAR(64) NOT NULL,
	chain_seq BIGINT NOT NULL,
	previous_hash VARCHAR(64) NOT NULL,
	record_hash VARCHAR(64) NOT NULL,
	key_id VARCHAR(16) NOT NULL,
	recorded_at TIMESTAMPTZ(6) NOT NULL,
	record_type VARCHAR(16) NOT NULL,
	event_type VARCHAR(64),
	correlation_id VARCHAR(64),
	method VARCHAR(256),
	principal VARCHAR(256),
	client_id VARCHAR(256),
	roles VARCHAR(1024),
	authentication_kind VARCHAR(32),
	certificate_fingerprint VARCHAR(64),
	peer VARCHAR(128),
	purpose_of_use VARCHAR(64),
	facility VARCHAR(256),
	resource_reference VARCHAR(256),
	decision VARCHAR(16),
	status_code VARCHAR(32),
	duration_micros BIGINT,
	replica VARCHAR(256) NOT NULL,
	detail VARCHAR(1024),
	emergency_grant VARCHAR(64),
	CONSTRAINT hipaa_grpc_audit_record_chain UNIQUE (chain_id, chain_seq)
);
CREATE INDEX IF NOT EXISTS hipaa_grpc_audit_record_time ON hipaa_grpc_audit_record (recorded_at);
ALTER TABLE hipaa_grpc_audit_record ADD COLUMN IF NOT EXISTS emergency_grant VARCHAR(64);
CREATE OR REPLACE FUNCTION hipaa_grpc_audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS
'BEGIN RAISE EXCEPTION ''hipaa_grpc_audit_record is append-only: % is not allowed'', TG_OP USING ERRCODE = ''insufficient_privilege''; END;';
DROP TRIGGER IF EXISTS hipaa_grpc_audit_record_no_change ON hipaa_grpc_audit_record;
CREATE TRIGGER hipaa_grpc_audit_record_no_change BEFORE UPDATE OR DELETE ON hipaa_grpc_audit_record
	FOR EACH ROW EXECUTE FUNCTION hipaa_grpc_audit_record_append_only();
DROP TRIGGER IF EXISTS hipaa_grpc_audit_record_no_truncate ON hipaa_grpc_audit_record;
CREATE TRIGGER hipaa_grpc_audit_record_no_truncate BEFORE TRUNCATE ON hipaa_grpc_audit_record
	FOR EACH STATEMENT EXECUTE FUNCTION hipaa_grpc_audit_record_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON hipaa_grpc_audit_record FROM PUBLIC;
