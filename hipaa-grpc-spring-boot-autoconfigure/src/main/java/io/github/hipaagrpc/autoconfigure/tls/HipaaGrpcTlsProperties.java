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

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.hipaagrpc.tls.HipaaGrpcTlsPolicy;
import io.github.hipaagrpc.tls.HipaaGrpcTlsProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Transport security settings of the gRPC listener that Spring Boot's own
 * {@code spring.grpc.server.*} properties lack.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("hipaa.grpc.tls")
public class HipaaGrpcTlsProperties {

	/**
	 * Comma-separated list of TLS protocol versions the gRPC listener accepts, always
	 * including TLSv1.3. Add TLSv1.2 only for clients that cannot speak TLSv1.3.
	 */
	private List<String> protocols = new ArrayList<>(List.of(HipaaGrpcTlsPolicy.TLS_1_3));

	/**
	 * Comma-separated list of cipher suites allowed in TLS 1.2 handshakes, each with
	 * ECDHE key exchange and AES-GCM or ChaCha20-Poly1305 encryption. Used only when the
	 * protocols include TLSv1.2.
	 */
	private List<String> ciphers = new ArrayList<>(HipaaGrpcTlsPolicy.DEFAULT_TLS12_CIPHERS);

	/**
	 * TLS implementation of the gRPC listener: BoringSSL when it loads, the JDK's TLS
	 * otherwise, or one of the two explicitly.
	 */
	private HipaaGrpcTlsProvider provider = HipaaGrpcTlsProvider.AUTO;

	/**
	 * Time a client has to complete its TLS handshake before the connection is closed.
	 */
	private Duration handshakeTimeout = Duration.ofSeconds(10);

	/**
	 * Maximum number of calls one connection may have open at once.
	 */
	private int maxConcurrentStreams = 100;

	private final StreamResets streamResets = new StreamResets();

	private final Probe probe = new Probe();

	private final Certificate certificate = new Certificate();

	private final Vault vault = new Vault();

	private final Mesh mesh = new Mesh();

	public List<String> getProtocols() {
		return this.protocols;
	}

	public void setProtocols(List<String> protocols) {
		this.protocols = protocols;
	}

	public List<String> getCiphers() {
		return this.ciphers;
	}

	public void setCiphers(List<String> ciphers) {
		this.ciphers = ciphers;
	}

	public HipaaGrpcTlsProvider getProvider() {
		return this.provider;
	}

	public void setProvider(HipaaGrpcTlsProvider provider) {
		this.provider = provider;
	}

	public Duration getHandshakeTimeout() {
		return this.handshakeTimeout;
	}

	public void setHandshakeTimeout(Duration handshakeTimeout) {
		this.handshakeTimeout = handshakeTimeout;
	}

	public int getMaxConcurrentStreams() {
		return this.maxConcurrentStreams;
	}

	public void setMaxConcurrentStreams(int maxConcurrentStreams) {
		this.maxConcurrentStreams = maxConcurrentStreams;
	}

	public StreamResets getStreamResets() {
		return this.streamResets;
	}

	public Probe getProbe() {
		return this.probe;
	}

	public Certificate getCertificate() {
		return this.certificate;
	}

	public Vault getVault() {
		return this.vault;
	}

	public Mesh getMesh() {
		return this.mesh;
	}

	/**
	 * Protection against clients that open and reset streams faster than they can be
	 * served.
	 */
	public static class StreamResets {

		/**
		 * Maximum number of streams a client may reset within one window before its
		 * connection is closed.
		 */
		private int maxCount = 200;

		/**
		 * Window over which stream resets are counted. If a duration suffix is not
		 * specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration window = Duration.ofSeconds(30);

		public int getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(int maxCount) {
			this.maxCount = maxCount;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

	/**
	 * Plaintext listener that serves only the gRPC health service, for probes that cannot
	 * speak TLS.
	 */
	public static class Probe {

		/**
		 * Address the probe listener binds to. Probes from outside the host need the
		 * pod's address or 0.0.0.0.
		 */
		private String address = "127.0.0.1";

		/**
		 * Port of the probe listener.
		 */
		private int port = 9091;

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * Where the listener's certificate comes from, and how it is renewed when the source
	 * issues certificates.
	 */
	public static class Certificate {

		/**
		 * Source of the listener's certificate: the SSL bundle named by
		 * spring.grpc.server.ssl.bundle, Vault's PKI secrets engine, or the application's
		 * own HipaaGrpcTlsCertificateSource bean; certificates from the last two are
		 * renewed before they expire.
		 */
		private Source source = Source.BUNDLE;

		/**
		 * Fraction of a certificate's lifetime, counted from when it goes into service
		 * (or from its start of validity, if later), after which it is renewed; greater
		 * than 0 and less than 1.
		 */
		private double renewAt = 0.67;

		private final Retry retry = new Retry();

		public Source getSource() {
			return this.source;
		}

		public void setSource(Source source) {
			this.source = source;
		}

		public double getRenewAt() {
			return this.renewAt;
		}

		public void setRenewAt(double renewAt) {
			this.renewAt = renewAt;
		}

		public Retry getRetry() {
			return this.retry;
		}

		/**
		 * Where the listener's certificate comes from.
		 */
		public enum Source {

			/**
			 * The SSL bundle named by {@code spring.grpc.server.ssl.bundle}, followed
			 * when Spring Boot reloads it.
			 */
			BUNDLE,

			/**
			 * Vault's PKI secrets engine, through the application's Vault connection.
			 */
			VAULT,

			/**
			 * The application's own {@code HipaaGrpcTlsCertificateSource} bean, renewed
			 * like Vault's certificates.
			 */
			CUSTOM

		}

		/**
		 * Retries of a failed renewal, while the current certificate keeps serving.
		 */
		public static class Retry {

			/**
			 * Delay before the first retry of a failed renewal. Each further retry waits
			 * twice as long as the one before.
			 */
			private Duration initialDelay = Duration.ofSeconds(1);

			/**
			 * Longest delay between two retries of a failed renewal.
			 */
			private Duration maxDelay = Duration.ofMinutes(1);

			public Duration getInitialDelay() {
				return this.initialDelay;
			}

			public void setInitialDelay(Duration initialDelay) {
				this.initialDelay = initialDelay;
			}

			public Duration getMaxDelay() {
				return this.maxDelay;
			}

			public void setMaxDelay(Duration maxDelay) {
				this.maxDelay = maxDelay;
			}

		}

	}

	/**
	 * Certificates issued by Vault's PKI secrets engine, used when the certificate source
	 * is vault.
	 */
	public static class Vault {

		/**
		 * Path at which Vault's PKI secrets engine is mounted.
		 */
		private String pkiPath = "pki";

		/**
		 * Name of the PKI role that issues the listener's certificates. Required when the
		 * certificate source is vault.
		 */
		private @Nullable String role;

		/**
		 * Common name of the listener's certificates, also added as a DNS subject
		 * alternative name. Required when the certificate source is vault.
		 */
		private @Nullable String commonName;

		/**
		 * Comma-separated list of further DNS names the certificates are valid for.
		 */
		private List<String> altNames = new ArrayList<>();

		/**
		 * Comma-separated list of IP addresses the certificates are valid for.
		 */
		private List<String> ipSans = new ArrayList<>();

		/**
		 * Comma-separated list of URI subject alternative names, such as a SPIFFE ID.
		 */
		private List<String> uriSans = new ArrayList<>();

		/**
		 * Lifetime requested for each certificate; the role's max TTL may shorten it. If
		 * a duration suffix is not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration ttl = Duration.ofHours(24);

		/**
		 * Time between reads of the issuers that Vault's PKI engine lists, trusted for
		 * client certificates: a new issuer is trusted before the next renewal, and one
		 * deleted from Vault stops being trusted. Zero turns the reads off.
		 */
		private Duration trustRefreshInterval = Duration.ofMinutes(5);

		public String getPkiPath() {
			return this.pkiPath;
		}

		public void setPkiPath(String pkiPath) {
			this.pkiPath = pkiPath;
		}

		public @Nullable String getRole() {
			return this.role;
		}

		public void setRole(@Nullable String role) {
			this.role = role;
		}

		public @Nullable String getCommonName() {
			return this.commonName;
		}

		public void setCommonName(@Nullable String commonName) {
			this.commonName = commonName;
		}

		public List<String> getAltNames() {
			return this.altNames;
		}

		public void setAltNames(List<String> altNames) {
			this.altNames = altNames;
		}

		public List<String> getIpSans() {
			return this.ipSans;
		}

		public void setIpSans(List<String> ipSans) {
			this.ipSans = ipSans;
		}

		public List<String> getUriSans() {
			return this.uriSans;
		}

		public void setUriSans(List<String> uriSans) {
			this.uriSans = uriSans;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public Duration getTrustRefreshInterval() {
			return this.trustRefreshInterval;
		}

		public void setTrustRefreshInterval(Duration trustRefreshInterval) {
			this.trustRefreshInterval = trustRefreshInterval;
		}

	}

	/**
	 * Mesh mode, for a service mesh whose sidecar proxy terminates mutual TLS in front of
	 * the application and forwards the verified caller's identity.
	 */
	public static class Mesh {

		/**
		 * Whether the gRPC listener serves plaintext on a loopback address to a service
		 * mesh sidecar that terminates mutual TLS, instead of serving TLS itself. Callers
		 * are then identified by the identity header that the sidecar sets.
		 */
		private boolean enabled;

		/**
		 * Comma-separated list of IP addresses or CIDR ranges of the proxies whose
		 * identity header identifies the calling service. On a connection from any other
		 * address the header is ignored.
		 */
		private List<String> trustedProxies = new ArrayList<>(List.of("127.0.0.1/32", "::1/128"));

		/**
		 * Kind of sidecar proxy in front of the listener, which decides the header that
		 * identifies the calling service: x-forwarded-client-cert for Envoy (Istio),
		 * l5d-client-id for Linkerd. The other header is never read.
		 */
		private Proxy proxy = Proxy.ENVOY;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public Proxy getProxy() {
			return this.proxy;
		}

		public void setProxy(Proxy proxy) {
			this.proxy = proxy;
		}

		/**
		 * Sidecar proxies whose identity header the listener can read.
		 */
		public enum Proxy {

			/**
			 * Envoy, as in Istio: the x-forwarded-client-cert header.
			 */
			ENVOY,

			/**
			 * Linkerd's proxy: the l5d-client-id header.
			 */
			LINKERD

		}

	}

}
