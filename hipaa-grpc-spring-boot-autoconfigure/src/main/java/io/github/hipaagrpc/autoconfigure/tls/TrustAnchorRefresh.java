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

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import io.github.hipaagrpc.tls.HipaaGrpcTlsCertificateRotation;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Reads the certificate authorities of the certificate source on a fixed delay while the
 * application runs, so that trust follows the source between renewals.
 */
final class TrustAnchorRefresh implements SmartLifecycle {

	private final HipaaGrpcTlsCertificateRotation rotation;

	private final TaskScheduler scheduler;

	private final Duration interval;

	private volatile @Nullable ScheduledFuture<?> scheduled;

	TrustAnchorRefresh(HipaaGrpcTlsCertificateRotation rotation, TaskScheduler scheduler, Duration interval) {
		this.rotation = rotation;
		this.scheduler = scheduler;
		this.interval = interval;
	}

	@Override
	public void start() {
		if (!this.interval.isZero() && !this.interval.isNegative()) {
			this.scheduled = this.scheduler.scheduleWithFixedDelay(this.rotation::refreshTrustAnchors, this.interval);
		}
	}

	@Override
	public void stop() {
		ScheduledFuture<?> scheduled = this.scheduled;
		if (scheduled != null) {
			scheduled.cancel(false);
			this.scheduled = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduled != null;
	}

}
