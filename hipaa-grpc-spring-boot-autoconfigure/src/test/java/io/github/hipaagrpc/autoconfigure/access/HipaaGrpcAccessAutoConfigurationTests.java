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

package io.github.hipaagrpc.autoconfigure.access;

import io.github.hipaagrpc.access.HipaaGrpcAccessExpressions;
import io.github.hipaagrpc.access.HipaaGrpcAccessInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HipaaGrpcAccessAutoConfiguration}.
 */
class HipaaGrpcAccessAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HipaaGrpcAccessAutoConfiguration.class));

	@Test
	void accessContextWhenNothingIsConfiguredRegistersInterceptorAndHipaaBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HipaaGrpcAccessInterceptor.class)
				.hasSingleBean(HipaaGrpcAccessExpressions.class)
				.hasBean("hipaa");
			HipaaGrpcAccessProperties properties = context.getBean(HipaaGrpcAccessProperties.class);
			assertThat(properties.getFacilityClaim()).isEqualTo("facility");
			assertThat(properties.getPurposeOfUse().getClaim()).isEqualTo("purpose_of_use");
			assertThat(properties.getPurposeOfUse().isHeaderAllowed()).isFalse();
		});
	}

	@Test
	void accessContextWhenDisabledBacksOff() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAccessInterceptor.class)
				.doesNotHaveBean("hipaa"));
	}

	@Test
	void accessContextWhenResourceServerIsMissingBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JwtAuthenticationToken.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HipaaGrpcAccessInterceptor.class)
				.doesNotHaveBean("hipaa"));
	}

	@Test
	void hipaaBeanWhenUserDefinesOneIsTheUsers() {
		this.contextRunner.withBean("hipaa", CustomExpressions.class, CustomExpressions::new)
			.run((context) -> assertThat(context).hasSingleBean(HipaaGrpcAccessExpressions.class)
				.getBean("hipaa")
				.isInstanceOf(CustomExpressions.class));
	}

	@Test
	void interceptorWhenUserDefinesOneIsTheUsers() {
		HipaaGrpcAccessInterceptor own = new HipaaGrpcAccessInterceptor("site", "pou", true);
		this.contextRunner.withBean(HipaaGrpcAccessInterceptor.class, () -> own)
			.run((context) -> assertThat(context).getBean(HipaaGrpcAccessInterceptor.class).isSameAs(own));
	}

	@Test
	void accessContextWhenClaimNameIsBlankFailsToStart() {
		this.contextRunner.withPropertyValues("hipaa.grpc.access.purpose-of-use.claim= ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasRootCauseInstanceOf(InvalidConfigurationPropertyValueException.class));
	}

	/**
	 * Expressions an application supplies itself.
	 */
	static class CustomExpressions extends HipaaGrpcAccessExpressions {

	}

}
