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

package io.github.hipaagrpc.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hipaagrpc.HipaaGrpcInterceptorOrder;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.testservice.TestRecordsGrpc.TestRecordsBlockingStub;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HipaaGrpcAuthorizationInterceptor} on an in-process gRPC server.
 */
class HipaaGrpcAuthorizationInterceptorTests {

	private final HipaaGrpcAuthorizationInterceptor interceptor = new HipaaGrpcAuthorizationInterceptor();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private final RecordsService service = new RecordsService();

	private final BindableService proxy = proxyByClass(this.service);

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void startServer() throws IOException {
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(
					ServerInterceptors.intercept(this.proxy, this.interceptor, new DeniedCallRecorder(this.failures)))
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	@AfterEach
	void stopServer() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void interceptCallWhenRulesNotSetDeniesEveryCall() {
		assertDenied(() -> stub().read(request("a")));
		assertDenied(() -> stub().update(request("b")));
		assertDenied(() -> drain(stub().watch(request("c"))));
		assertThat(this.failures).hasSize(3)
			.allSatisfy((ex) -> assertThat(ex).isInstanceOf(AccessDeniedException.class).hasMessage("Access denied"));
		assertThat(this.service.calls).hasValue(0);
	}

	@Test
	void interceptCallWhenMethodHasRulePassesCallToService() {
		GrpcMethodRules rules = GrpcMethodRules.inspect(Map.of("recordsService", this.proxy));
		this.interceptor.setRules(rules);
		assertThat(this.interceptor.getRules()).isSameAs(rules);
		assertThat(stub().read(request("a")).getId()).isEqualTo("a");
		Iterator<RecordReply> replies = stub().watch(request("b"));
		assertThat(replies.next().getId()).isEqualTo("b");
		assertThat(replies.hasNext()).isFalse();
		assertThat(this.service.calls).hasValue(2);
		assertThat(this.failures).isEmpty();
	}

	@Test
	void interceptCallWhenMethodUnguardedDeniesCall() {
		this.interceptor.setRules(GrpcMethodRules.inspect(Map.of("recordsService", this.proxy)));
		assertDenied(() -> stub().update(request("a")));
		assertThat(this.failures).singleElement().isInstanceOf(AccessDeniedException.class);
		assertThat(this.service.calls).hasValue(0);
	}

	@Test
	void interceptCallWhenRulesReplacedDeniesMethodsNoLongerGuarded() {
		this.interceptor.setRules(GrpcMethodRules.inspect(Map.of("recordsService", this.proxy)));
		assertThat(stub().read(request("a")).getId()).isEqualTo("a");
		this.interceptor.setRules(GrpcMethodRules.denyAll());
		assertDenied(() -> stub().read(request("b")));
		assertThat(this.service.calls).hasValue(1);
	}

	@Test
	void getOrderIsInsideAuthentication() {
		assertThat(this.interceptor.getOrder()).isEqualTo(HipaaGrpcInterceptorOrder.AUTHORIZATION)
			.isGreaterThan(HipaaGrpcInterceptorOrder.AUTHENTICATION)
			.isLessThan(0);
	}

	private TestRecordsBlockingStub stub() {
		return TestRecordsGrpc.newBlockingStub(this.channel);
	}

	private static List<RecordReply> drain(Iterator<RecordReply> replies) {
		List<RecordReply> drained = new ArrayList<>();
		replies.forEachRemaining(drained::add);
		return drained;
	}

	private static RecordRequest request(String id) {
		return RecordRequest.newBuilder().setId(id).build();
	}

	private static void assertDenied(Runnable call) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	private static BindableService proxyByClass(BindableService service) {
		ProxyFactory factory = new ProxyFactory(service);
		factory.setProxyTargetClass(true);
		return (BindableService) factory.getProxy();
	}

	/**
	 * Service with rules on its read and watch methods that counts the calls it serves.
	 */
	static class RecordsService extends TestRecordsGrpc.TestRecordsImplBase {

		private final AtomicInteger calls = new AtomicInteger();

		@Override
		@PreAuthorize("permitAll()")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		@PreAuthorize("permitAll()")
		public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		private void reply(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			this.calls.incrementAndGet();
			responseObserver.onNext(RecordReply.newBuilder().setId(request.getId()).build());
			responseObserver.onCompleted();
		}

	}

	/**
	 * Records access denials thrown when a call starts and closes the call with a status,
	 * as a gRPC exception handler does.
	 */
	static class DeniedCallRecorder implements ServerInterceptor {

		private final List<Throwable> failures;

		DeniedCallRecorder(List<Throwable> failures) {
			this.failures = failures;
		}

		@Override
		public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
				ServerCallHandler<ReqT, RespT> next) {
			try {
				return next.startCall(call, headers);
			}
			catch (AccessDeniedException ex) {
				this.failures.add(ex);
				call.close(Status.PERMISSION_DENIED, new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
		}

	}

}
