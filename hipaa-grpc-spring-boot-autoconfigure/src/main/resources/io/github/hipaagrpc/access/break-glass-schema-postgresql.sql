-- Break-glass emergency grants of hipaa-grpc-spring-boot-starter (PostgreSQL 12 or
-- later). Safe to run again, and usable as a Flyway migration. The starter only inserts
-- and reads grants: grant the application's role INSERT and SELECT.
CREATE TABLE IF NOT EXISTS hipaa_grpc_emergency_grant (
	id VARCHAR(36) NOT NULL PRIMARY KEY,
	principal VARCHAR(256) NOT NULL,
	client_id VARCHAR(256),
	roles VARCHAR(1024),
	reason VARCHAR(500) NOT NULL,
	granted_at TIMESTAMPTZ(6) NOT NULL,
	expires_at TIMESTAMPTZ(6) NOT NULL,
	replica VARCHAR(256) NOT NULL
);
CREATE INDEX IF NOT EXISTS hipaa_grpc_emergency_grant_principal ON hipaa_grpc_emergency_grant (principal, expires_at);
CREATE INDEX IF NOT EXISTS hipaa_grpc_emergency_grant_time ON hipaa_grpc_emergency_grant (granted_at);
