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

package io.github.hipaagrpc.autoconfigure.error;

import io.github.hipaagrpc.autoconfigure.ephi.HipaaGrpcEphiProperties;
import io.github.hipaagrpc.ephi.EphiFields;
import io.github.hipaagrpc.error.LogRedactor;
import io.github.hipaagrpc.error.logback.LogbackRedaction;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Puts log redaction in front of every Logback appender as soon as Spring Boot has
 * initialised logging, so that the formatted message and the exception messages of every
 * log event pass through {@link LogRedactor} before any appender writes them.
 * <p>
 * The listener runs on {@link ApplicationEnvironmentPreparedEvent}, right after Boot's
 * {@link LoggingApplicationListener}, which is where Boot configures Logback (again for
 * every application run in the same JVM); until then Boot suppresses all log output.
 * {@link LogbackRedaction} then wraps the encoder of every stream appender, and does so
 * again whenever Logback reconfigures itself. This extension point was chosen over
 * overriding Logback's conversion words ({@code %m}, {@code %wEx}) because Boot resets
 * the logger context before configuring it, which clears any conversion rule registered
 * beforehand, and registers its own {@code wEx} and {@code wex} words while configuring,
 * with no hook between that and the building of its encoders; conversion words would also
 * miss structured logging ({@code logging.structured.format.*}), which formats events
 * without a pattern, and any pattern of the user's own that uses other words. Wrapping
 * encoders covers Boot's default console and file appenders, structured logging and a
 * user's {@code logback-spring.xml} alike, and leaves the appenders themselves (names,
 * filters, rolling policies) as they are.
 * <p>
 * At this point only {@code hipaa.grpc.ephi.field-names} is known. Fields marked in the
 * served {@code .proto} files, and names added to {@link EphiFields} by the application,
 * are masked once the application context has started
 * ({@link LogbackRedactionInstaller}). With Log4j2 as the logging system, log events are
 * not redacted yet. See #3.
 */
class LogRedactionApplicationListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	private static final String EPHI_PREFIX = "hipaa.grpc.ephi";

	private static final boolean logbackPresent = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
			LogRedactionApplicationListener.class.getClassLoader());

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (!logbackPresent) {
			return;
		}
		HipaaGrpcEphiProperties properties = Binder.get(event.getEnvironment())
			.bindOrCreate(EPHI_PREFIX, HipaaGrpcEphiProperties.class);
		Logback.install(new LogRedactor(new EphiFields(properties.getFieldNames())));
	}

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	/**
	 * Keeps Logback types out of the listener until Logback is known to be present.
	 */
	private static final class Logback {

		static void install(LogRedactor redactor) {
			LogbackRedaction.install(redactor);
		}

	}

}
