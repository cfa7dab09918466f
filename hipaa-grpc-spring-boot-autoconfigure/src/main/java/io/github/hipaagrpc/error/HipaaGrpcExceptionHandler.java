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

package io.github.hipaagrpc.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.Status.Code;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.util.ClassUtils;

/**
 * The starter's exception advice: maps every exception to a status. Security exceptions
 * are mapped first, so that no other handler can change their codes; then the
 * application's own handlers are consulted in order; then the starter's mapping of common
 * exception types applies, and anything left becomes {@code INTERNAL}. It never returns
 * {@code null}.
 *
 * @since 0.1.0
 */
public class HipaaGrpcExceptionHandler implements GrpcExceptionHandler {

	private static final Log logger = LogFactory.getLog(HipaaGrpcExceptionHandler.class);

	private static final int MAX_CAUSE_DEPTH = 8;

	private final Map<Class<?>, Code> security = new LinkedHashMap<>();

	private final Map<Class<?>, Code> common = new LinkedHashMap<>();

	private final Map<Class<?>, Status> described = new LinkedHashMap<>();

	private final List<GrpcExceptionHandler> handlers;

	/**
	 * Create a new handler.
	 * @param handlers the application's handlers, in order; they are never asked about
	 * security exceptions
	 */
	public HipaaGrpcExceptionHandler(List<GrpcExceptionHandler> handlers) {
		this.handlers = List.copyOf(handlers);
		register(this.security, "org.springframework.security.core.AuthenticationException", Code.UNAUTHENTICATED);
		register(this.security, "org.springframework.security.access.AccessDeniedException", Code.PERMISSION_DENIED);
		this.common.put(NoSuchElementException.class, Code.NOT_FOUND);
		register(this.common, "org.springframework.dao.EmptyResultDataAccessException", Code.NOT_FOUND);
		register(this.common, "jakarta.persistence.EntityNotFoundException", Code.NOT_FOUND);
		register(this.common, "jakarta.persistence.NoResultException", Code.NOT_FOUND);
		register(this.common, "org.springframework.dao.OptimisticLockingFailureException", Code.ABORTED);
		register(this.common, "org.springframework.dao.PessimisticLockingFailureException", Code.ABORTED);
		register(this.common, "jakarta.persistence.OptimisticLockException", Code.ABORTED);
		this.common.put(TimeoutException.class, Code.DEADLINE_EXCEEDED);
		register(this.common, "org.springframework.dao.QueryTimeoutException", Code.DEADLINE_EXCEEDED);
		this.common.put(CancellationException.class, Code.CANCELLED);
		register(this.common, "io.github.resilience4j.ratelimiter.RequestNotPermitted", Code.RESOURCE_EXHAUSTED);
		registerEncryption();
	}

	private void registerEncryption() {
		String encryption = "io.github.hipaagrpc.encryption.HipaaGrpcEncryption";
		register(this.described, encryption + "KeyUnavailableException",
				Status.UNAVAILABLE.withDescription("Encryption keys are unavailable, retry later"));
		register(this.described, encryption + "Exception",
				Status.INTERNAL.withDescription("Stored data could not be protected or read"));
	}

	private static <T> void register(Map<Class<?>, T> mapping, String className, T code) {
		ClassLoader classLoader = HipaaGrpcExceptionHandler.class.getClassLoader();
		if (ClassUtils.isPresent(className, classLoader)) {
			mapping.put(ClassUtils.resolveClassName(className, classLoader), code);
		}
	}

	@Override
	public StatusException handleException(Throwable exception) {
		Code securityCode = find(this.security, exception);
		if (securityCode != null) {
			logger.debug(LogMessage.format("Call refused with '%s'", securityCode));
			return Status.fromCode(securityCode).asException();
		}
		StatusException handled = askHandlers(exception);
		return (handled != null) ? handled : map(exception);
	}

	private @Nullable StatusException askHandlers(Throwable exception) {
		for (GrpcExceptionHandler handler : this.handlers) {
			try {
				StatusException status = handler.handleException(exception);
				if (status != null) {
					return status;
				}
			}
			catch (RuntimeException ex) {
				logger.warn(LogMessage.format("Exception handler '%s' failed with '%s'", handler.getClass().getName(),
						ex.getClass().getName()));
			}
		}
		return null;
	}

	private StatusException map(Throwable exception) {
		if (exception instanceof RequestValidationException validation) {
			logger.debug(LogMessage.format("Request rejected: invalid fields %s", validation.getFieldPaths()));
			String fields = String.join(", ", validation.getFieldPaths());
			return ClientSafeStatus.asException(Status.INVALID_ARGUMENT.withDescription("Invalid request: " + fields));
		}
		Status chosen = chosenStatus(exception);
		if (chosen != null) {
			logger.debug(LogMessage.format("Call failed with status '%s' chosen by the service", chosen.getCode()));
			return new StatusException(chosen, trailers(exception));
		}
		Status described = find(this.described, exception);
		if (described != null) {
			logger.warn(LogMessage.format("Call '%s' failed with '%s' for '%s'", CorrelationId.current(),
					described.getCode(), exception.getClass().getName()));
			return ClientSafeStatus.asException(described);
		}
		Code code = find(this.common, exception);
		if (code != null) {
			logger.debug(LogMessage.format("Call failed with '%s' for '%s'", code, exception.getClass().getName()));
			return Status.fromCode(code).asException();
		}
		logger.error(LogMessage.format("Call '%s' failed with INTERNAL for '%s'", CorrelationId.current(),
				exception.getClass().getName()), exception);
		return Status.INTERNAL.asException();
	}

	private static @Nullable Status chosenStatus(Throwable exception) {
		if (exception instanceof StatusRuntimeException ex) {
			return ex.getStatus();
		}
		if (exception instanceof StatusException ex) {
			return ex.getStatus();
		}
		return null;
	}

	private static Metadata trailers(Throwable exception) {
		Metadata trailers = Status.trailersFromThrowable(exception);
		return (trailers != null) ? trailers : new Metadata();
	}

	private static <T> @Nullable T find(Map<Class<?>, T> mapping, Throwable exception) {
		Throwable candidate = exception;
		for (int depth = 0; candidate != null && depth < MAX_CAUSE_DEPTH; depth++) {
			for (Map.Entry<Class<?>, T> entry : mapping.entrySet()) {
				if (entry.getKey().isInstance(candidate)) {
					return entry.getValue();
				}
			}
			candidate = candidate.getCause();
		}
		return null;
	}

}
