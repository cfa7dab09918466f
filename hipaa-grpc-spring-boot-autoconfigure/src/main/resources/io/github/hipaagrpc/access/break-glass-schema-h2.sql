-- Break-glass emergency grants of hipaa-grpc-spring-boot-starter (H2). Safe to run again.
CREATE TABLE IF NOT EXISTS hipaa_grpc_emergency_grant (
	id VARCHAR(36) NOT NULL PRIMARY KEY,
	principal VARCHAR(256) NOT NULL,
	client_id VARCHAR(256),
	roles VARCHAR(1024),
	reason VARCHAR(500) NOT NULL,
	granted_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
	replica VARCHAR(256) NOT NULL
);
CREATE INDEX IF NOT EXISTS hipaa_grpc_emergency_grant_principal ON hipaa_grpc_emergency_grant (principal, expires_at);
CREATE INDEX IF NOT EXISTS hipaa_grpc_emergency_grant_time ON hipaa_grpc_emergency_grant (granted_at);
