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

package io.github.hipaagrpc.autoconfigure.tls;

import java.net.InetAddress;

import javax.net.ssl.SSLException;

import io.github.hipaagrpc.tls.HipaaGrpcTlsHandshakeListener;
import io.github.hipaagrpc.tls.HipaaGrpcTlsHandshakeMetrics;
import io.github.hipaagrpc.tls.HipaaGrpcTlsKeyMaterial;
import io.github.hipaagrpc.tls.HipaaGrpcTlsPolicy;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerContext;
import io.github.hipaagrpc.tls.HipaaGrpcTlsServerFactory;
import io.grpc.BindableService;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.handler.ssl.SslProvider;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerFactoryCustomizer;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.InProcessGrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.grpc.server.service.GrpcServiceConfigurer;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for transport security of the gRPC
 * server: the starter's own Netty server factory, whose listener enforces the TLS policy
 * with key material that can be replaced while it runs, a guard that refuses any other
 * network listener, an opt-in plaintext listener for health probes, and certificates from
 * Vault PKI renewed before they expire. In mesh mode the listener serves plaintext on a
 * loopback address instead, behind a service mesh sidecar that terminates TLS.
 *
 * @since 0.1.0
 */
@AutoConfiguration(beforeName = "org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration",
		afterName = "org.springframework.boot.grpc.test.autoconfigure.TestGrpcTransportAutoConfiguration")
@ConditionalOnClass({ BindableService.class, GrpcServerFactory.class, GrpcServerProperties.class })
@ConditionalOnBooleanProperty(name = "spring.grpc.server.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ GrpcServerProperties.class, HipaaGrpcTlsProperties.class })
@Import({ ProbeListenerConfiguration.class, IssuedCertificateConfiguration.class })
public final class HipaaGrpcTlsAutoConfiguration {

	HipaaGrpcTlsAutoConfiguration() {
	}

	@Bean
	PlaintextServerGuard plaintextServerGuard(ListableBeanFactory beanFactory) {
		return new PlaintextServerGuard(beanFactory);
	}

	private static HipaaGrpcTlsServerFactory withServices(HipaaGrpcTlsServerFactory factory,
			ObjectProvider<GrpcServerFactoryCustomizer> factoryCustomizers, GrpcServiceDiscoverer serviceDiscoverer,
			GrpcServiceConfigurer serviceConfigurer) {
		factoryCustomizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		serviceDiscoverer.findServices()
			.stream()
			.map((spec) -> serviceConfigurer.configure(spec, factory))
			.forEach(factory::addService);
		return factory;
	}

	/**
	 * The starter's Netty listener with TLS, in place of Spring Boot's own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ NettyServerBuilder.class, AdvancedTlsX509KeyManager.class })
	@ConditionalOnBooleanProperty(name = "spring.grpc.server.factory.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = MeshSettings.ENABLED_PROPERTY, havingValue = false, matchIfMissing = true)
	@ConditionalOnBean(BindableService.class)
	@ConditionalOnMissingBean(value = GrpcServerFactory.class, ignored = InProcessGrpcServerFactory.class)
	static class TlsServerConfiguration {

		@Bean
		@ConditionalOnMissingBean(HipaaGrpcTlsKeyMaterial.class)
		@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "bundle",
				matchIfMissing = true)
		ServerKeyMaterial hipaaGrpcTlsServerKeyMaterial(GrpcServerProperties properties, SslBundles bundles,
				ApplicationEventPublisher eventPublisher) {
			return ServerKeyMaterial.fromBundle(properties.getSsl(), bundles, eventPublisher);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnProperty(name = CertificateSettings.SOURCE_PROPERTY, havingValue = "bundle",
				matchIfMissing = true)
		HipaaGrpcTlsKeyMaterial hipaaGrpcTlsKeyMaterial(ServerKeyMaterial serverKeyMaterial) {
			return serverKeyMaterial.keyMaterial();
		}

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcTlsServerContext hipaaGrpcTlsServerContext(HipaaGrpcTlsKeyMaterial keyMaterial,
				GrpcServerProperties serverProperties, HipaaGrpcTlsProperties tlsProperties,
				ObjectProvider<HipaaGrpcTlsHandshakeListener> listeners) throws SSLException {
			HipaaGrpcTlsPolicy policy = TlsSettings.policy(tlsProperties);
			SslProvider provider = TlsSettings.provider(tlsProperties);
			TlsSettings.validateLimits(tlsProperties);
			HipaaGrpcTlsServerContext context = HipaaGrpcTlsServerContext.create(keyMaterial, policy,
					serverProperties.getSsl().getClientAuth(), provider, tlsProperties.getHandshakeTimeout(),
					new CompositeHandshakeListener(listeners.orderedStream().toList()));
			TlsSettings.logProvider(tlsProperties.getProvider(), context);
			TlsSettings.checkRenegotiation(context,
					System.getProperty(HipaaGrpcTlsEnvironmentPostProcessor.REJECT_RENEGOTIATION));
			return context;
		}

		@Bean
		HipaaGrpcTlsServerFactory hipaaGrpcTlsServerFactory(GrpcServerProperties serverProperties,
				HipaaGrpcTlsProperties tlsProperties, HipaaGrpcTlsServerContext context,
				GrpcServiceDiscoverer serviceDiscoverer, GrpcServiceConfigurer serviceConfigurer,
				ObjectProvider<CompressorRegistry> compressorRegistry,
				ObjectProvider<DecompressorRegistry> decompressorRegistry,
				ObjectProvider<GrpcServerExecutorProvider> executorProvider,
				ObjectProvider<ServerBuilderCustomizer<?>> builderCustomizers,
				ObjectProvider<GrpcServerFactoryCustomizer> factoryCustomizers) {
			ServerBuilderCustomizers customizers = new ServerBuilderCustomizers(serverProperties, tlsProperties,
					compressorRegistry, decompressorRegistry, executorProvider, builderCustomizers);
			HipaaGrpcTlsServerFactory factory = new HipaaGrpcTlsServerFactory(TlsSettings.tcpAddress(serverProperties),
					customizers.forFactory(), context);
			return withServices(factory, factoryCustomizers, serviceDiscoverer, serviceConfigurer);
		}

		@Bean
		GrpcServerLifecycle hipaaGrpcTlsServerLifecycle(HipaaGrpcTlsServerFactory factory,
				GrpcServerProperties properties, ApplicationEventPublisher eventPublisher) {
			return new GrpcServerLifecycle(factory, properties.getShutdown().getGracePeriod(), eventPublisher);
		}

	}

	/**
	 * The starter's Netty listener in mesh mode: plaintext on a loopback address, behind
	 * a service mesh sidecar that terminates TLS, with the same limits as the TLS
	 * listener.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(NettyServerBuilder.class)
	@ConditionalOnBooleanProperty(name = "spring.grpc.server.factory.enabled", matchIfMissing = true)
	@ConditionalOnBooleanProperty(name = MeshSettings.ENABLED_PROPERTY)
	@ConditionalOnBean(BindableService.class)
	@ConditionalOnMissingBean(value = GrpcServerFactory.class, ignored = InProcessGrpcServerFactory.class)
	static class MeshServerConfiguration {

		@Bean
		HipaaGrpcTlsServerFactory hipaaGrpcTlsServerFactory(GrpcServerProperties serverProperties,
				HipaaGrpcTlsProperties tlsProperties, GrpcServiceDiscoverer serviceDiscoverer,
				GrpcServiceConfigurer serviceConfigurer, ObjectProvider<CompressorRegistry> compressorRegistry,
				ObjectProvider<DecompressorRegistry> decompressorRegistry,
				ObjectProvider<GrpcServerExecutorProvider> executorProvider,
				ObjectProvider<ServerBuilderCustomizer<?>> builderCustomizers,
				ObjectProvider<GrpcServerFactoryCustomizer> factoryCustomizers) {
			MeshSettings.requireNoTls(serverProperties.getSsl(), tlsProperties);
			InetAddress address = MeshSettings.loopbackAddress(serverProperties);
			TlsSettings.validateLimits(tlsProperties);
			ServerBuilderCustomizers customizers = new ServerBuilderCustomizers(serverProperties, tlsProperties,
					compressorRegistry, decompressorRegistry, executorProvider, builderCustomizers);
			HipaaGrpcTlsServerFactory factory = HipaaGrpcTlsServerFactory.loopbackPlaintext(address,
					TlsSettings.port(serverProperties), customizers.forFactory());
			MeshSettings.logMode(TlsSettings.tcpAddress(serverProperties), tlsProperties);
			return withServices(factory, factoryCustomizers, serviceDiscoverer, serviceConfigurer);
		}

		@Bean
		GrpcServerLifecycle hipaaGrpcTlsServerLifecycle(HipaaGrpcTlsServerFactory factory,
				GrpcServerProperties properties, ApplicationEventPublisher eventPublisher) {
			return new GrpcServerLifecycle(factory, properties.getShutdown().getGracePeriod(), eventPublisher);
		}

	}

	/**
	 * Handshake counters, bound to the application's meter registries.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterBinder.class, NettyServerBuilder.class })
	@ConditionalOnBooleanProperty(name = MeshSettings.ENABLED_PROPERTY, havingValue = false, matchIfMissing = true)
	static class HandshakeMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HipaaGrpcTlsHandshakeMetrics hipaaGrpcTlsHandshakeMetrics() {
			return new HipaaGrpcTlsHandshakeMetrics();
		}

	}

}
