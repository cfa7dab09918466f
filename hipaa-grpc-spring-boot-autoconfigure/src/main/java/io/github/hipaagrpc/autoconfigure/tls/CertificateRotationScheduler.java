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

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Single daemon thread on which certificate renewals run. It wraps its scheduler rather
 * than being a {@link TaskScheduler} bean itself, because such a bean would make Spring
 * Boot's task scheduling auto-configuration back off and would then run the application's
 * {@code @Scheduled} methods.
 */
final class CertificateRotationScheduler implements InitializingBean, DisposableBean {

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	CertificateRotationScheduler() {
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("hipaa-grpc-tls-rotation-");
		this.scheduler.setDaemon(true);
	}

	@Override
	public void afterPropertiesSet() {
		this.scheduler.initialize();
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

	TaskScheduler taskScheduler() {
		return this.scheduler;
	}

}
