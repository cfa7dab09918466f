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

import java.util.Map;

import io.github.hipaagrpc.security.GrpcMethodRule.Access;
import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.testservice.UnguardedGrpc;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.StreamObserver;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.security.access.annotation.Secured;
import org.springframework.security.access.prepost.PreAuthorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link GrpcMethodRules}.
 */
class GrpcMethodRulesTests {

	private static final String READ = "hipaagrpc.test.v1.TestRecords/Read";

	private static final String UPDATE = "hipaagrpc.test.v1.TestRecords/Update";

	private static final String WATCH = "hipaagrpc.test.v1.TestRecords/Watch";

	private static final String UPLOAD = "hipaagrpc.test.v1.TestRecords/Upload";

	private static final String EXCHANGE = "hipaagrpc.test.v1.TestRecords/Exchange";

	private static final String PEEK = "hipaagrpc.test.v1.Unguarded/Peek";

	@Test
	void inspectWhenMethodAnnotatedWithPreAuthorizeRecordsExpression() {
		GrpcMethodRules rules = inspect(proxyByClass(new PartlyGuardedService()));
		assertThat(rules.getRule(READ)).isNotNull().satisfies((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.ANNOTATED);
			assertThat(rule.rule()).isEqualTo("@PreAuthorize(\"hasRole('PROVIDER')\")");
			assertThat(rule.type()).isEqualTo(MethodType.UNARY);
			assertThat(rule.isUnguarded()).isFalse();
		});
		assertThat(rules.isDenied(READ)).isFalse();
	}

	@Test
	void inspectWhenMethodNotAnnotatedDeniesIt() {
		GrpcMethodRules rules = inspect(proxyByClass(new PartlyGuardedService()));
		assertThat(rules.getRule(UPDATE)).isNotNull().satisfies((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.DENIED_UNGUARDED);
			assertThat(rule.isUnguarded()).isTrue();
		});
		assertThat(rules.isDenied(UPDATE)).isTrue();
		assertThat(rules.getUnguarded()).extracting(GrpcMethodRule::fullMethodName)
			.containsExactlyInAnyOrder(UPDATE, WATCH, UPLOAD, EXCHANGE);
	}

	@Test
	void inspectWhenServiceHasNoAnnotationsDeniesEveryMethod() {
		GrpcMethodRules rules = inspect(new UnguardedService());
		assertThat(rules.getRules()).singleElement().satisfies((rule) -> {
			assertThat(rule.fullMethodName()).isEqualTo(PEEK);
			assertThat(rule.access()).isEqualTo(Access.DENIED_UNGUARDED);
			assertThat(rule.rule()).isEqualTo("none (denied)");
		});
		assertThat(rules.isDenied(PEEK)).isTrue();
	}

	@Test
	void inspectWhenServiceHasRuleOnClassAppliesItToEveryMethod() {
		GrpcMethodRules rules = inspect(proxyByClass(new AuditedService()));
		assertThat(rules.getRules()).hasSize(5).allSatisfy((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.ANNOTATED);
			assertThat(rule.rule()).isEqualTo("@PreAuthorize(\"hasRole('AUDITOR')\")");
		});
		assertThat(rules.getUnguarded()).isEmpty();
	}

	@Test
	void inspectWhenMethodRuleAndClassRuleUsesMethodRule() {
		GrpcMethodRules rules = inspect(proxyByClass(new AuditedWithExceptionService()));
		assertThat(rules.getRule(READ)).extracting(GrpcMethodRule::rule).isEqualTo("@Secured([ROLE_PROVIDER])");
		assertThat(rules.getRule(UPDATE)).extracting(GrpcMethodRule::rule)
			.isEqualTo("@PreAuthorize(\"hasRole('AUDITOR')\")");
	}

	@Test
	void inspectWhenMethodAnnotatedWithSecuredRecordsRoles() {
		GrpcMethodRules rules = inspect(proxyByClass(new RolesService()));
		assertThat(rules.getRule(READ)).isNotNull().satisfies((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.ANNOTATED);
			assertThat(rule.rule()).isEqualTo("@Secured([ROLE_PROVIDER, ROLE_AUDITOR])");
		});
	}

	@Test
	void inspectWhenMethodAnnotatedWithRolesAllowedRecordsRoles() {
		GrpcMethodRules rules = inspect(proxyByClass(new RolesService()));
		assertThat(rules.getRule(UPDATE)).isNotNull().satisfies((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.ANNOTATED);
			assertThat(rule.rule()).isEqualTo("@RolesAllowed([BILLER])");
		});
	}

	@Test
	void inspectWhenMethodAnnotatedWithPermitAllRecordsIt() {
		GrpcMethodRules rules = inspect(proxyByClass(new PermitAllService()));
		assertThat(rules.getRule(WATCH)).isNotNull().satisfies((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.ANNOTATED);
			assertThat(rule.rule()).isEqualTo("@PermitAll");
			assertThat(rule.type()).isEqualTo(MethodType.SERVER_STREAMING);
		});
	}

	@Test
	void inspectWhenMethodAnnotatedWithDenyAllRecordsIt() {
		GrpcMethodRules rules = inspect(proxyByClass(new DenyAllService()));
		assertThat(rules.getRule(UPLOAD)).isNotNull().satisfies((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.ANNOTATED);
			assertThat(rule.rule()).isEqualTo("@DenyAll");
			assertThat(rule.type()).isEqualTo(MethodType.CLIENT_STREAMING);
		});
		assertThat(rules.getRule(EXCHANGE)).isNotNull().satisfies((rule) -> {
			assertThat(rule.access()).isEqualTo(Access.DENIED_UNGUARDED);
			assertThat(rule.type()).isEqualTo(MethodType.BIDI_STREAMING);
		});
	}

	@Test
	void inspectWhenServiceIsJdkProxyThrowsException() {
		BindableService proxy = proxyByInterface(new PartlyGuardedService());
		assertThat(AopUtils.isJdkDynamicProxy(proxy)).isTrue();
		assertThatExceptionOfType(HipaaGrpcSecurityConfigurationException.class)
			.isThrownBy(() -> GrpcMethodRules.inspect(Map.of("recordsService", proxy)))
			.withMessageContaining("'recordsService' is a JDK interface proxy")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("'recordsService'"));
	}

	@Test
	void inspectWhenUnguardedServiceIsJdkProxyThrowsException() {
		BindableService proxy = proxyByInterface(new UnguardedService());
		assertThatExceptionOfType(HipaaGrpcSecurityConfigurationException.class)
			.isThrownBy(() -> GrpcMethodRules.inspect(Map.of("unguardedService", proxy)));
	}

	@Test
	void inspectWhenAnnotatedServiceIsNotProxiedThrowsException() {
		assertThatExceptionOfType(HipaaGrpcSecurityConfigurationException.class)
			.isThrownBy(() -> GrpcMethodRules.inspect(Map.of("recordsService", new PartlyGuardedService())))
			.withMessageContaining("'recordsService' has security annotations but is not proxied")
			.withMessageContaining("'" + READ + "' would run unchecked");
	}

	@Test
	void inspectWhenServiceIsClassProxyFindsRulesOfTargetClass() {
		BindableService proxy = proxyByClass(new PartlyGuardedService());
		assertThat(AopUtils.isCglibProxy(proxy)).isTrue();
		GrpcMethodRules rules = inspect(proxy);
		assertThat(rules.getRules()).hasSize(5);
		assertThat(rules.getRule(READ)).extracting(GrpcMethodRule::access).isEqualTo(Access.ANNOTATED);
	}

	@Test
	void isDeniedWhenMethodUnknownReturnsTrue() {
		GrpcMethodRules rules = inspect(proxyByClass(new AuditedService()));
		assertThat(rules.isDenied("hipaagrpc.test.v1.TestRecords/Delete")).isTrue();
		assertThat(rules.isDenied("grpc.health.v1.Health/Check")).isTrue();
		assertThat(rules.getRule("hipaagrpc.test.v1.TestRecords/Delete")).isNull();
	}

	@Test
	void denyAllDeniesEveryMethod() {
		GrpcMethodRules rules = GrpcMethodRules.denyAll();
		assertThat(rules.isDenied(READ)).isTrue();
		assertThat(rules.isDenied("grpc.health.v1.Health/Check")).isTrue();
		assertThat(rules.getRules()).isEmpty();
	}

	@Test
	void inspectWhenHealthServiceLeavesItOpen() {
		GrpcMethodRules rules = inspect(new HealthStatusManager().getHealthService());
		assertThat(rules.getRules()).extracting(GrpcMethodRule::fullMethodName)
			.contains("grpc.health.v1.Health/Check", "grpc.health.v1.Health/Watch");
		assertThat(rules.getRules()).allSatisfy((rule) -> assertThat(rule.access()).isEqualTo(Access.OPEN));
		assertThat(rules.isDenied("grpc.health.v1.Health/Check")).isFalse();
		assertThat(rules.getUnguarded()).isEmpty();
	}

	@Test
	void inspectWhenReflectionServiceRequiresAuthentication() {
		GrpcMethodRules rules = inspect(ProtoReflectionServiceV1.newInstance());
		assertThat(rules.getRules()).isNotEmpty()
			.allSatisfy((rule) -> assertThat(rule.access()).isEqualTo(Access.AUTHENTICATED));
		assertThat(rules.isDenied("grpc.reflection.v1.ServerReflection/ServerReflectionInfo")).isFalse();
	}

	@Test
	void getRulesHoldsEveryServedMethodWithItsKindOfCall() {
		GrpcMethodRules rules = inspect(proxyByClass(new PartlyGuardedService()));
		assertThat(rules.getRules()).extracting(GrpcMethodRule::fullMethodName, GrpcMethodRule::type)
			.containsExactlyInAnyOrder(tuple(READ, MethodType.UNARY), tuple(UPDATE, MethodType.UNARY),
					tuple(WATCH, MethodType.SERVER_STREAMING), tuple(UPLOAD, MethodType.CLIENT_STREAMING),
					tuple(EXCHANGE, MethodType.BIDI_STREAMING));
	}

	private static GrpcMethodRules inspect(BindableService service) {
		return GrpcMethodRules.inspect(Map.of("service", service));
	}

	private static BindableService proxyByClass(BindableService service) {
		ProxyFactory factory = new ProxyFactory(service);
		factory.setProxyTargetClass(true);
		return (BindableService) factory.getProxy();
	}

	private static BindableService proxyByInterface(BindableService service) {
		ProxyFactory factory = new ProxyFactory(service);
		factory.setProxyTargetClass(false);
		return (BindableService) factory.getProxy();
	}

	private static void reply(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		responseObserver.onNext(RecordReply.newBuilder().setId(request.getId()).build());
		responseObserver.onCompleted();
	}

	private static StreamObserver<RecordRequest> discard(StreamObserver<RecordReply> responseObserver) {
		return new StreamObserver<>() {

			@Override
			public void onNext(RecordRequest value) {
			}

			@Override
			public void onError(Throwable ex) {
			}

			@Override
			public void onCompleted() {
				responseObserver.onCompleted();
			}

		};
	}

	/**
	 * Service with a rule on its unary read method only.
	 */
	static class PartlyGuardedService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PreAuthorize("hasRole('PROVIDER')")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

	}

	/**
	 * Service with one rule for every method, declared on the class.
	 */
	@PreAuthorize("hasRole('AUDITOR')")
	static class AuditedService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		public StreamObserver<RecordRequest> upload(StreamObserver<RecordReply> responseObserver) {
			return discard(responseObserver);
		}

		@Override
		public StreamObserver<RecordRequest> exchange(StreamObserver<RecordReply> responseObserver) {
			return discard(responseObserver);
		}

	}

	/**
	 * Service with a class rule that one method overrides.
	 */
	@PreAuthorize("hasRole('AUDITOR')")
	static class AuditedWithExceptionService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@Secured("ROLE_PROVIDER")
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

	}

	/**
	 * Service with role annotations instead of expressions.
	 */
	static class RolesService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@Secured({ "ROLE_PROVIDER", "ROLE_AUDITOR" })
		public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

		@Override
		@RolesAllowed("BILLER")
		public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

	}

	/**
	 * Service with a method open to every authenticated caller.
	 */
	static class PermitAllService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@PermitAll
		public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

	}

	/**
	 * Service with a method closed to every caller.
	 */
	static class DenyAllService extends TestRecordsGrpc.TestRecordsImplBase {

		@Override
		@DenyAll
		public StreamObserver<RecordRequest> upload(StreamObserver<RecordReply> responseObserver) {
			return discard(responseObserver);
		}

	}

	/**
	 * Service whose only method has no rule.
	 */
	static class UnguardedService extends UnguardedGrpc.UnguardedImplBase {

		@Override
		public void peek(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			reply(request, responseObserver);
		}

	}

}
