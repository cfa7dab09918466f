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

package io.github.hipaagrpc.architecture;

import java.util.Objects;
import java.util.function.Supplier;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodReference;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Architecture rules for the main code of this module.
 */
class ArchitectureTests {

	private static final String ROOT = "io.github.hipaagrpc";

	private static final JavaClasses mainClasses = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption(ArchitectureTests::isNotTestKit)
		.importPackages(ROOT);

	private static final ArchRule autoConfigurationClassesArePublicFinalAndNamedAutoConfiguration = classes().that()
		.areAnnotatedWith(AutoConfiguration.class)
		.should()
		.bePublic()
		.andShould()
		.haveModifier(JavaModifier.FINAL)
		.andShould()
		.haveSimpleNameEndingWith("AutoConfiguration");

	private static final ArchRule autoConfigurationClassesHaveNoPublicMembers = members().that()
		.areDeclaredInClassesThat()
		.areAnnotatedWith(AutoConfiguration.class)
		.should()
		.notBePublic();

	// No condition exists yet, so the rule may match nothing: it guards the first one.
	private static final ArchRule conditionsAreNotPublic = classes().that(areConditions())
		.should()
		.notBePublic()
		.allowEmptyShould(true);

	private static final ArchRule beanMethodsHaveNoClassConditions = noMethods().that()
		.areAnnotatedWith(Bean.class)
		.should()
		.beAnnotatedWith(ConditionalOnClass.class)
		.orShould()
		.beMetaAnnotatedWith(ConditionalOnClass.class);

	private static final ArchRule packagesAreFreeOfCycles = slices().matching(ROOT + ".(*)..")
		.should()
		.beFreeOfCycles();

	private static final ArchRule runtimePackagesDoNotDependOnAutoConfiguration = noClasses().that()
		.resideInAPackage(ROOT + "..")
		.and()
		.resideOutsideOfPackage(ROOT + ".autoconfigure..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(ROOT + ".autoconfigure..");

	private static final ArchRule packagesAreNotNamedAfterRoles = noClasses().should()
		.resideInAnyPackage("..util..", "..utils..", "..common..", "..impl..", "..helper..", "..helpers..");

	private static final ArchRule classesDoNotUseSpringNullabilityAnnotations = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.lang..");

	// Logback's API names SLF4J types (markers, key-value pairs, the factory that holds
	// the LoggerContext), so only the Logback integration may refer to them; elsewhere
	// only SLF4J's MDC, which carries the correlation id, is used.
	private static final ArchRule classesOutsideLogbackIntegrationDoNotUseSlf4j = noClasses().that()
		.resideOutsideOfPackage(ROOT + ".error.logback..")
		.should()
		.dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("org.slf4j..")
			.and(DescribedPredicate.not(HasName.Predicates.name("org.slf4j.MDC"))));

	private static final ArchRule classesDoNotLogThroughSlf4j = noClasses().should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("org.slf4j.Logger")
		.orShould()
		.callMethod("org.slf4j.LoggerFactory", "getLogger", String.class.getName())
		.orShould()
		.callMethod("org.slf4j.LoggerFactory", "getLogger", Class.class.getName());

	// javac emits the one-argument form itself for bound method references, so only the
	// forms that come from source code alone are checked.
	private static final ArchRule classesDoNotCallObjectsNullChecks = noClasses().should()
		.callMethod(Objects.class, "requireNonNull", Object.class, String.class)
		.orShould()
		.callMethod(Objects.class, "requireNonNull", Object.class, Supplier.class);

	private static final ArchRule classesDoNotReferToObjectsNullChecks = noClasses().should()
		.accessTargetWhere(isObjectsNullCheckReference());

	@Test
	void autoConfigurationClassesArePublicFinalAndNamedAutoConfiguration() {
		autoConfigurationClassesArePublicFinalAndNamedAutoConfiguration.check(mainClasses);
	}

	@Test
	void autoConfigurationClassesHaveNoPublicMembers() {
		autoConfigurationClassesHaveNoPublicMembers.check(mainClasses);
	}

	@Test
	void conditionsAreNotPublic() {
		conditionsAreNotPublic.check(mainClasses);
	}

	@Test
	void beanMethodsHaveNoClassConditions() {
		beanMethodsHaveNoClassConditions.check(mainClasses);
	}

	@Test
	void packagesAreFreeOfCycles() {
		packagesAreFreeOfCycles.check(mainClasses);
	}

	@Test
	void runtimePackagesDoNotDependOnAutoConfiguration() {
		runtimePackagesDoNotDependOnAutoConfiguration.check(mainClasses);
	}

	@Test
	void packagesAreNotNamedAfterRoles() {
		packagesAreNotNamedAfterRoles.check(mainClasses);
	}

	@Test
	void classesDoNotUseSpringNullabilityAnnotations() {
		classesDoNotUseSpringNullabilityAnnotations.check(mainClasses);
	}

	@Test
	void classesOutsideLogbackIntegrationDoNotUseSlf4j() {
		classesOutsideLogbackIntegrationDoNotUseSlf4j.check(mainClasses);
	}

	@Test
	void classesDoNotLogThroughSlf4j() {
		classesDoNotLogThroughSlf4j.check(mainClasses);
	}

	@Test
	void classesDoNotCallObjectsNullChecks() {
		classesDoNotCallObjectsNullChecks.check(mainClasses);
	}

	@Test
	void classesDoNotReferToObjectsNullChecks() {
		classesDoNotReferToObjectsNullChecks.check(mainClasses);
	}

	private static boolean isNotTestKit(Location location) {
		return !location.contains("/hipaa-grpc-spring-boot-test");
	}

	private static DescribedPredicate<JavaClass> areConditions() {
		return JavaClass.Predicates.simpleNameStartingWith("On")
			.and(JavaClass.Predicates.simpleNameEndingWith("Condition"))
			.or(JavaClass.Predicates.assignableTo(Condition.class))
			.as("are conditions");
	}

	private static DescribedPredicate<JavaAccess<?>> isObjectsNullCheckReference() {
		return DescribedPredicate.describe("is a method reference to a java.util.Objects null check",
				(access) -> access instanceof JavaMethodReference
						&& access.getTargetOwner().isEquivalentTo(Objects.class)
						&& access.getName().startsWith("requireNonNull"));
	}

}
