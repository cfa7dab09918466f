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

package io.github.hipaagrpc;

/**
 * Order of the server interceptors that every call crosses, outermost first: a lower
 * value runs further out. Interceptors of the application without an order run inside all
 * of them, closest to the service.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcInterceptorOrder {

	/**
	 * Spring Boot's observation interceptor, moved outermost so that a span exists for
	 * every layer.
	 */
	public static final int OBSERVATION = -10_000;

	/**
	 * Correlation id, in the MDC and in the trailers of every response.
	 */
	public static final int CORRELATION = -9_000;

	/**
	 * Audit record of the call's final status.
	 */
	public static final int AUDIT = -8_000;

	/**
	 * Exception advice, mapping every exception to a status with a safe description.
	 */
	public static final int ERROR = -7_000;

	/**
	 * Rate limit per peer address, before any token is verified.
	 */
	public static final int ADDRESS_LIMIT = -6_000;

	/**
	 * Authentication of the caller.
	 */
	public static final int AUTHENTICATION = -5_000;

	/**
	 * Identity of the client certificate kept beside a bearer token's authentication.
	 */
	public static final int PEER_IDENTITY = -4_500;

	/**
	 * Audit of who the authenticated caller is, told to the record the audit layer keeps
	 * before the access context can refuse the call.
	 */
	public static final int AUDIT_SUBJECT = -4_450;

	/**
	 * Access context of the authenticated caller: facility and purpose of use, available
	 * to the inner layers and to method authorization.
	 */
	public static final int ACCESS_CONTEXT = -4_400;

	/**
	 * Time-of-access windows: roles outside their windows are taken out of force for the
	 * call, before method authorization.
	 */
	public static final int ACCESS_TIME_WINDOW = -4_350;

	/**
	 * Audit of the caller's access context (purpose of use, facility), told to the record
	 * the audit layer keeps.
	 */
	public static final int AUDIT_ACCESS = -4_250;

	/**
	 * Break-glass emergency access for calls that declare emergency treatment, after the
	 * audit has learnt their access context.
	 */
	public static final int BREAK_GLASS = -4_200;

	/**
	 * Audit of the emergency grant a call runs under, told to the record the audit layer
	 * keeps.
	 */
	public static final int AUDIT_EMERGENCY = -4_150;

	/**
	 * Automatic logoff of streaming calls whose token expires or that reach the maximum
	 * stream duration, inside the audit and error layers so that they see the status it
	 * closes a call with.
	 */
	public static final int LOGOFF = -4_100;

	/**
	 * Rate limit per authenticated consumer and method.
	 */
	public static final int CONSUMER_LIMIT = -4_000;

	/**
	 * Validation of request messages against their declared constraints.
	 */
	public static final int VALIDATION = -3_000;

	/**
	 * Deny-by-default gate for methods without an access rule.
	 */
	public static final int AUTHORIZATION = -2_000;

	private HipaaGrpcInterceptorOrder() {
	}

}
