/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.hipaagrpc.autoconfigure.tls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateIssuedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.core.log.LogMessage;

/**
 * Warns, for the first and each renewed certificate, when connections may outlive it. The
 * server closes a connection after its maximum age plus the grace period, and a
 * certificate has only the part of its remaining lifetime after the renewal point left
 * when the next one replaces it. Issuers such as Vault backdate the start of validity, so
 * the remaining lifetime is measured from now, not from that start.
 */
final class ConnectionAgeCheck implements ApplicationListener<HipaaGrpcTlsCertificateIssuedEvent> {

	static final String MAX_AGE_PROPERTY = "spring.grpc.server.keepalive.connection.max-age";

	private static final Log logger = LogFactory.getLog(ConnectionAgeCheck.class);

	private final GrpcServerProperties.Keepalive.Connection connection;

	private final double renewAt;

	private final Clock clock;

	ConnectionAgeCheck(GrpcServerProperties serverProperties, double renewAt, Clock clock) {
		this.connection = serverProperties.getKeepalive().getConnection();
		this.renewAt = renewAt;
		this.clock = clock;
	}

	@Override
	public void onApplicationEvent(HipaaGrpcTlsCertificateIssuedEvent event) {
		Duration leftAtRenewal = leftAtRenewal(event.getNotBefore(), event.getNotAfter());
		Duration maxAge = this.connection.getMaxAge();
		Duration gracePeriod = (this.connection.getGracePeriod() != null) ? this.connection.getGracePeriod()
				: Duration.ZERO;
		if (maxAge == null || maxAge.plus(gracePeriod).compareTo(leftAtRenewal) >= 0) {
			logger.warn(LogMessage.format(
					"Connections to the gRPC server may outlive its certificate: '%s' is '%s' (plus a grace "
							+ "period of '%s'), but certificate serial '%s' has only '%s' left when it is "
							+ "renewed; set it lower",
					MAX_AGE_PROPERTY, maxAge, gracePeriod, event.getSerialNumber(), leftAtRenewal));
		}
	}

	private Duration leftAtRenewal(Instant notBefore, Instant notAfter) {
		Instant now = this.clock.instant();
		Instant from = notBefore.isAfter(now) ? notBefore : now;
		Duration remaining = Duration.between(from, notAfter);
		if (remaining.isNegative()) {
			return Duration.ZERO;
		}
		return Duration.ofMillis((long) (remaining.toMillis() * (1 - this.renewAt)));
	}

}
