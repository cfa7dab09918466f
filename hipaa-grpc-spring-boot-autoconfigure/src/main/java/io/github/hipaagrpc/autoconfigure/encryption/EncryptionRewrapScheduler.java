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

package io.github.hipaagrpc.autoconfigure.encryption;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import io.github.hipaagrpc.encryption.HipaaGrpcEncryptionRewrap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.log.LogMessage;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs the rewrap job on a daemon thread of its own at a fixed interval. It owns its
 * scheduler rather than registering a scheduler bean, which would make Spring Boot's task
 * scheduling back off.
 */
final class EncryptionRewrapScheduler implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(EncryptionRewrapScheduler.class);

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private final HipaaGrpcEncryptionRewrap rewrap;

	private final Duration interval;

	private volatile @Nullable ScheduledFuture<?> schedule;

	EncryptionRewrapScheduler(HipaaGrpcEncryptionRewrap rewrap, Duration interval) {
		this.rewrap = rewrap;
		this.interval = interval;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("hipaa-grpc-encryption-rewrap-");
		this.scheduler.setDaemon(true);
	}

	@Override
	public void afterPropertiesSet() {
		this.scheduler.initialize();
		if (!this.interval.isZero()) {
			this.schedule = this.scheduler.scheduleWithFixedDelay(this::run, Instant.now().plus(this.interval),
					this.interval);
		}
	}

	@Override
	public void destroy() {
		ScheduledFuture<?> scheduled = this.schedule;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
		this.scheduler.shutdown();
	}

	boolean isScheduled() {
		return this.schedule != null;
	}

	private void run() {
		try {
			this.rewrap.rewrap();
		}
		catch (RuntimeException ex) {
			logger.warn(LogMessage.format("Rewrap of data keys failed (%s), next run in %s", ex.getClass().getName(),
					this.interval));
		}
	}

}
