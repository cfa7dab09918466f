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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.hipaagrpc.security.GrpcMethodRule.Access;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Access rules of every served gRPC method, found by reading the method security
 * annotations on the service beans. A method without a rule is denied.
 *
 * @since 0.1.0
 */
public final class GrpcMethodRules {

	private static final Set<String> OPEN_SERVICES = Set.of("grpc.health.v1.Health");

	private static final Set<String> AUTHENTICATED_SERVICES = Set.of("grpc.reflection.v1.ServerReflection",
			"grpc.reflection.v1alpha.ServerReflection");

	private static final List<String> RULE_ANNOTATIONS = List.of(
			"org.springframework.security.access.prepost.PreAuthorize",
			"org.springframework.security.access.prepost.PostAuthorize",
			"org.springframework.security.access.annotation.Secured", "jakarta.annotation.security.RolesAllowed",
			"jakarta.annotation.security.PermitAll", "jakarta.annotation.security.DenyAll");

	private final Map<String, GrpcMethodRule> rules;

	private GrpcMethodRules(Map<String, GrpcMethodRule> rules) {
		this.rules = Collections.unmodifiableMap(rules);
	}

	/**
	 * Return rules that deny every method, used until the services are inspected.
	 * @return rules that deny everything
	 */
	public static GrpcMethodRules denyAll() {
		return new GrpcMethodRules(Map.of());
	}

	/**
	 * Inspect the given service beans.
	 * @param services the service beans by bean name
	 * @return the rules of every method they serve
	 * @throws HipaaGrpcSecurityConfigurationException if a service is proxied in a way
	 * that skips method security
	 */
	public static GrpcMethodRules inspect(Map<String, BindableService> services) {
		Map<String, GrpcMethodRule> rules = new LinkedHashMap<>();
		services.forEach((beanName, service) -> inspect(beanName, service, rules));
		return new GrpcMethodRules(rules);
	}

	private static void inspect(String beanName, BindableService service, Map<String, GrpcMethodRule> rules) {
		if (AopUtils.isJdkDynamicProxy(service)) {
			throw new HipaaGrpcSecurityConfigurationException("gRPC service bean '" + beanName
					+ "' is a JDK interface proxy, which calls the service methods without their security checks",
					"Proxy gRPC services by class: remove 'spring.aop.proxy-target-class=false' or any "
							+ "'proxyTargetClass = false' setting that applies to bean '" + beanName + "'");
		}
		ServerServiceDefinition definition = service.bindService();
		String serviceName = definition.getServiceDescriptor().getName();
		Class<?> serviceClass = ClassUtils.getUserClass(AopUtils.getTargetClass(service));
		for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
			GrpcMethodRule rule = rule(serviceName, serviceClass, method.getMethodDescriptor());
			checkProxied(beanName, service, rule);
			rules.put(rule.fullMethodName(), rule);
		}
	}

	private static void checkProxied(String beanName, BindableService service, GrpcMethodRule rule) {
		if (rule.access() == Access.ANNOTATED && !AopUtils.isAopProxy(service)) {
			throw new HipaaGrpcSecurityConfigurationException(
					"gRPC service bean '" + beanName + "' has security annotations but is not proxied by method "
							+ "security, so method '" + rule.fullMethodName() + "' would run unchecked",
					"Make sure method security is enabled and that bean '" + beanName
							+ "' is a Spring bean that can be proxied by class");
		}
	}

	private static GrpcMethodRule rule(String serviceName, Class<?> serviceClass, MethodDescriptor<?, ?> descriptor) {
		String fullName = descriptor.getFullMethodName();
		if (OPEN_SERVICES.contains(serviceName)) {
			return new GrpcMethodRule(fullName, descriptor.getType(), "open (health probe)", Access.OPEN);
		}
		if (AUTHENTICATED_SERVICES.contains(serviceName)) {
			return new GrpcMethodRule(fullName, descriptor.getType(), "authenticated", Access.AUTHENTICATED);
		}
		Method javaMethod = findJavaMethod(serviceClass, descriptor.getBareMethodName());
		String annotation = (javaMethod != null) ? findRule(javaMethod, serviceClass) : null;
		if (annotation == null) {
			return new GrpcMethodRule(fullName, descriptor.getType(), "none (denied)", Access.DENIED_UNGUARDED);
		}
		return new GrpcMethodRule(fullName, descriptor.getType(), annotation, Access.ANNOTATED);
	}

	private static @Nullable Method findJavaMethod(Class<?> serviceClass, @Nullable String bareMethodName) {
		if (bareMethodName == null) {
			return null;
		}
		String name = javaMethodName(bareMethodName);
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(serviceClass)) {
			Class<?>[] types = method.getParameterTypes();
			if (method.getName().equals(name) && types.length > 0 && !method.isDefault()
					&& StreamObserver.class.isAssignableFrom(types[types.length - 1])) {
				return method;
			}
		}
		return null;
	}

	private static String javaMethodName(String bareMethodName) {
		StringBuilder name = new StringBuilder();
		for (String part : StringUtils.tokenizeToStringArray(bareMethodName, "_")) {
			if (!part.isEmpty()) {
				name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
			}
		}
		return (name.length() > 0) ? Character.toLowerCase(name.charAt(0)) + name.substring(1) : bareMethodName;
	}

	private static @Nullable String findRule(Method method, Class<?> serviceClass) {
		String rule = findRule(MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY));
		return (rule != null) ? rule : findRule(MergedAnnotations.from(serviceClass, SearchStrategy.TYPE_HIERARCHY));
	}

	private static @Nullable String findRule(MergedAnnotations annotations) {
		for (String type : RULE_ANNOTATIONS) {
			MergedAnnotation<?> annotation = annotations.get(type);
			if (annotation.isPresent()) {
				return describe(annotation);
			}
		}
		return null;
	}

	private static String describe(MergedAnnotation<?> annotation) {
		String name = "@" + ClassUtils.getShortName(annotation.getType());
		if (annotation.getValue("value").isEmpty() || !annotation.hasNonDefaultValue("value")) {
			return name;
		}
		Object value = annotation.getValue("value").orElse("");
		String text = (value instanceof Object[] values) ? Arrays.toString(values) : "\"" + value + "\"";
		return name + "(" + text + ")";
	}

	/**
	 * Return the rule of the given method, or {@code null} if it is not served.
	 * @param fullMethodName the full gRPC method name
	 * @return the rule or {@code null}
	 */
	public @Nullable GrpcMethodRule getRule(String fullMethodName) {
		return this.rules.get(fullMethodName);
	}

	/**
	 * Return whether calls to the given method must be denied before they reach the
	 * service: methods without a rule and methods that were never inspected.
	 * @param fullMethodName the full gRPC method name
	 * @return whether calls are denied
	 */
	public boolean isDenied(String fullMethodName) {
		GrpcMethodRule rule = this.rules.get(fullMethodName);
		return rule == null || rule.isUnguarded();
	}

	/**
	 * Return the rules of every served method, in the order they were found.
	 * @return the rules
	 */
	public List<GrpcMethodRule> getRules() {
		return List.copyOf(this.rules.values());
	}

	/**
	 * Return the rules of methods that are denied because they have no rule.
	 * @return the unguarded methods
	 */
	public List<GrpcMethodRule> getUnguarded() {
		List<GrpcMethodRule> unguarded = new ArrayList<>();
		for (GrpcMethodRule rule : this.rules.values()) {
			if (rule.isUnguarded()) {
				unguarded.add(rule);
			}
		}
		return unguarded;
	}

}
