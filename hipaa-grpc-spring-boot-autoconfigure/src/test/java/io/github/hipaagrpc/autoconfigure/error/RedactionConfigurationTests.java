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

import java.util.List;

import io.github.hipaagrpc.ephi.EphiFields;
import io.github.hipaagrpc.error.LogRedactor;
import io.github.hipaagrpc.testservice.PatientDirectoryGrpc;
import io.grpc.BindableService;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedactionConfiguration}.
 */
class RedactionConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HipaaGrpcErrorAutoConfiguration.class));

	@Test
	void errorAutoConfigurationWhenAppliedDefinesRedactionBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EphiFields.class)
				.hasSingleBean(LogRedactor.class)
				.hasSingleBean(LogbackRedactionInstaller.class)
				.hasSingleBean(GrpcServiceEphiFieldsRegistrar.class);
			assertThat(context.getBean(EphiFields.class).contains("dateOfBirth")).isTrue();
			assertThat(context.getBean(LogRedactor.class).redact("ssn=123-45-6789")).isEqualTo("ssn=[REDACTED]");
		});
	}

	@Test
	void ephiFieldsWhenFieldNamesPropertySetHoldsOnlyThem() {
		this.contextRunner.withPropertyValues("hipaa.grpc.ephi.field-names=chart_locator,kin_name").run((context) -> {
			EphiFields fields = context.getBean(EphiFields.class);
			assertThat(fields.contains("chartLocator")).isTrue();
			assertThat(fields.contains("KIN_NAME")).isTrue();
			assertThat(fields.contains("ssn")).isFalse();
		});
	}

	@Test
	void ephiFieldsWhenUserDefinesOneUsesIt() {
		EphiFields own = new EphiFields(List.of("kin_name"));
		this.contextRunner.withBean(EphiFields.class, () -> own).run((context) -> {
			assertThat(context).getBean(EphiFields.class).isSameAs(own);
			assertThat(context.getBean(LogRedactor.class).redact("kinName: Jo")).isEqualTo("kinName: [REDACTED]");
		});
	}

	@Test
	void ephiFieldsWhenGrpcServiceMarksFieldsInProtoAddsThem() {
		this.contextRunner.withBean(PatientDirectoryService.class).run((context) -> {
			EphiFields fields = context.getBean(EphiFields.class);
			assertThat(fields.contains("triage_remark")).isTrue();
			assertThat(fields.contains("chartLocator")).isTrue();
			assertThat(fields.contains("ssn")).isTrue();
			assertThat(context.getBean(LogRedactor.class).redact("triage_remark: \"chest pain\""))
				.isEqualTo("triage_remark: \"[REDACTED]\"");
		});
	}

	@Test
	void logbackRedactionInstallerWhenLogbackAbsentBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("ch.qos.logback"))
			.run((context) -> assertThat(context).hasSingleBean(LogRedactor.class)
				.doesNotHaveBean(LogbackRedactionInstaller.class));
	}

	@Test
	void redactionWhenGrpcAbsentBacksOffWithTheWholeAdvice() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(BindableService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(EphiFields.class)
				.doesNotHaveBean(GrpcServiceEphiFieldsRegistrar.class));
	}

	static class PatientDirectoryService extends PatientDirectoryGrpc.PatientDirectoryImplBase {

	}

}
