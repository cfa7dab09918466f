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

import java.util.List;

import build.buf.protovalidate.ValidationResult;
import build.buf.protovalidate.Validator;
import build.buf.protovalidate.Violation;
import build.buf.protovalidate.exceptions.CompilationException;
import build.buf.protovalidate.exceptions.ValidationException;
import build.buf.validate.FieldPathElement;
import com.google.protobuf.Message;
import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCall.Listener;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * Checks every request message against the constraints declared in its {@code .proto}
 * file (protovalidate) before the service sees it. A message that violates a constraint
 * ends the call with a {@link RequestValidationException} naming the offending fields,
 * never their values. Map keys are left out of the field paths ({@code notes[*]}) because
 * a key can identify a patient; indexes of repeated fields are kept.
 * <p>
 * Each message of a call is checked as it arrives, so a stream stops at its first invalid
 * message. Access rules that apply when a call starts (the deny-by-default gate, and the
 * {@code @PreAuthorize} rule of a streaming method) are therefore checked before the
 * first message; for unary and server-streaming methods the request is checked before the
 * method's own rule. A validator that cannot evaluate a message's constraints fails the
 * call with an {@link IllegalStateException} that names the message type only.
 *
 * @since 0.1.0
 */
public class RequestValidationInterceptor implements ServerInterceptor, Ordered {

	private static final Log logger = LogFactory.getLog(RequestValidationInterceptor.class);

	private static final String ANY_KEY = "[*]";

	private final Validator validator;

	/**
	 * Create a new interceptor.
	 * @param validator the validator that evaluates the constraints, shared by all calls
	 */
	public RequestValidationInterceptor(Validator validator) {
		Assert.notNull(validator, "'validator' must not be null");
		this.validator = validator;
	}

	@Override
	public <ReqT, RespT> Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		String method = call.getMethodDescriptor().getFullMethodName();
		return new ValidatingListener<>(next.startCall(call, headers), method);
	}

	@Override
	public int getOrder() {
		return HipaaGrpcInterceptorOrder.VALIDATION;
	}

	private void validate(Object request, String method) {
		if (!(request instanceof Message message)) {
			return;
		}
		ValidationResult result = evaluate(message);
		if (result.isSuccess()) {
			return;
		}
		List<String> fieldPaths = result.getViolations()
			.stream()
			.map(RequestValidationInterceptor::fieldPath)
			.distinct()
			.toList();
		logger.debug(LogMessage.format("Rejected request to '%s': constraints violated on %s", method, fieldPaths));
		throw new RequestValidationException(fieldPaths);
	}

	private ValidationResult evaluate(Message message) {
		try {
			return this.validator.validate(message);
		}
		catch (ValidationException | RuntimeException ex) {
			throw new IllegalStateException(describeFailure(message, ex));
		}
	}

	// A compilation failure comes from the message's descriptor alone, so its text is
	// kept. The text of any other failure may quote field values and is dropped, as is
	// the cause.
	private static String describeFailure(Message message, Exception ex) {
		String type = message.getDescriptorForType().getFullName();
		String reason = (ex instanceof CompilationException) ? ex.getMessage() : ex.getClass().getSimpleName();
		return "Could not validate request message of type '" + type + "': '" + reason + "'";
	}

	/**
	 * Render the path of the field that a violation concerns, with every map key replaced
	 * by {@code *}. A violation of a rule on the request message itself has an empty path
	 * and is named by its rule id.
	 * @param violation the violation
	 * @return the field path
	 */
	private static String fieldPath(Violation violation) {
		build.buf.validate.Violation details = violation.toProto();
		List<FieldPathElement> elements = details.getField().getElementsList();
		if (elements.isEmpty()) {
			return (details.getRuleId().isEmpty()) ? "(message)" : "(message:" + details.getRuleId() + ")";
		}
		StringBuilder path = new StringBuilder();
		for (FieldPathElement element : elements) {
			path.append((path.length() > 0) ? "." : "").append(element.getFieldName()).append(subscript(element));
		}
		return path.toString();
	}

	private static String subscript(FieldPathElement element) {
		return switch (element.getSubscriptCase()) {
			case INDEX -> "[" + element.getIndex() + "]";
			case SUBSCRIPT_NOT_SET -> "";
			default -> ANY_KEY;
		};
	}

	/**
	 * Listener that checks each message before passing it on.
	 */
	private final class ValidatingListener<ReqT> extends SimpleForwardingServerCallListener<ReqT> {

		private final String method;

		ValidatingListener(Listener<ReqT> delegate, String method) {
			super(delegate);
			this.method = method;
		}

		@Override
		public void onMessage(ReqT message) {
			validate(message, this.method);
			super.onMessage(message);
		}

	}

}
