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

package io.github.hipaagrpc.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.AdvancedTlsX509TrustManager.Verification;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.util.Assert;

/**
 * Key and certificate chain that the gRPC server presents, and the certificate
 * authorities that its clients' certificates must chain to. Both can be replaced while
 * the server runs: a handshake started after an update uses the new material, one in
 * flight finishes with the old.
 *
 * @since 0.1.0
 */
public final class HipaaGrpcTlsKeyMaterial {

	private static final byte[] CHALLENGE = "hipaa-grpc key pair check".getBytes(StandardCharsets.UTF_8);

	private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();

	private final AdvancedTlsX509TrustManager trustManager = newTrustManager();

	private volatile List<X509Certificate> certificateChain = List.of();

	private volatile List<X509Certificate> trustAnchors = List.of();

	private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

	/**
	 * Create key material serving the given key and chain.
	 * @param privateKey the server's private key
	 * @param certificateChain the server's certificate first, then its issuers
	 * @param trustAnchors the certificate authorities trusted for client certificates,
	 * possibly none
	 */
	public HipaaGrpcTlsKeyMaterial(PrivateKey privateKey, List<X509Certificate> certificateChain,
			List<X509Certificate> trustAnchors) {
		update(privateKey, certificateChain);
		updateTrustAnchors(trustAnchors);
	}

	/**
	 * Create key material from the key and trust stores of an SSL bundle.
	 * @param bundle the bundle
	 * @return the key material
	 */
	public static HipaaGrpcTlsKeyMaterial from(SslBundle bundle) {
		Assert.notNull(bundle, "'bundle' must not be null");
		SslBundleContents contents = SslBundleContents.read(bundle);
		return new HipaaGrpcTlsKeyMaterial(contents.privateKey(), contents.certificateChain(), contents.trustAnchors());
	}

	/**
	 * Replace the key and certificate chain with those of an SSL bundle, and the trusted
	 * certificate authorities with the bundle's trust store.
	 * @param bundle the bundle
	 */
	public void update(SslBundle bundle) {
		Assert.notNull(bundle, "'bundle' must not be null");
		SslBundleContents contents = SslBundleContents.read(bundle);
		update(contents.privateKey(), contents.certificateChain());
		updateTrustAnchors(contents.trustAnchors());
	}

	/**
	 * Replace the key and certificate chain that new handshakes present.
	 * @param privateKey the new private key
	 * @param certificateChain the new certificate first, then its issuers
	 * @throws IllegalArgumentException if the chain is empty or its first certificate
	 * does not belong to the key
	 */
	public void update(PrivateKey privateKey, List<X509Certificate> certificateChain) {
		Assert.notNull(privateKey, "'privateKey' must not be null");
		Assert.notEmpty(certificateChain, "'certificateChain' must not be empty");
		Assert.isTrue(belongTogether(privateKey, certificateChain.get(0).getPublicKey()),
				"'privateKey' must belong to the first certificate of 'certificateChain'");
		List<X509Certificate> chain = List.copyOf(certificateChain);
		this.keyManager.updateIdentityCredentials(chain.toArray(X509Certificate[]::new), privateKey);
		this.certificateChain = chain;
		this.changeListeners.forEach(Runnable::run);
	}

	/**
	 * Replace the certificate authorities that client certificates must chain to.
	 * @param trustAnchors the certificate authorities, possibly none
	 */
	public void updateTrustAnchors(List<X509Certificate> trustAnchors) {
		Assert.notNull(trustAnchors, "'trustAnchors' must not be null");
		List<X509Certificate> anchors = List.copyOf(trustAnchors);
		try {
			this.trustManager.updateTrustCredentials(anchors.toArray(X509Certificate[]::new));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("Trust anchors could not be installed", ex);
		}
		this.trustAnchors = anchors;
		this.changeListeners.forEach(Runnable::run);
	}

	/**
	 * Return the certificate that new handshakes present.
	 * @return the serving certificate
	 */
	public X509Certificate servingCertificate() {
		return this.certificateChain.get(0);
	}

	/**
	 * Return the certificate chain that new handshakes present.
	 * @return the serving certificate first, then its issuers
	 */
	public List<X509Certificate> certificateChain() {
		return this.certificateChain;
	}

	/**
	 * Return the certificate authorities that client certificates must chain to.
	 * @return the trust anchors, possibly none
	 */
	public List<X509Certificate> trustAnchors() {
		return this.trustAnchors;
	}

	void addChangeListener(Runnable listener) {
		this.changeListeners.add(listener);
	}

	X509ExtendedKeyManager keyManager() {
		return this.keyManager;
	}

	X509ExtendedTrustManager trustManager() {
		return this.trustManager;
	}

	private static AdvancedTlsX509TrustManager newTrustManager() {
		try {
			return AdvancedTlsX509TrustManager.newBuilder()
				.setVerification(Verification.CERTIFICATE_ONLY_VERIFICATION)
				.build();
		}
		catch (CertificateException ex) {
			throw new IllegalStateException("Trust manager could not be created", ex);
		}
	}

	private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
		String algorithm = signatureAlgorithm(privateKey);
		if (algorithm == null) {
			return privateKey.getAlgorithm().equals(publicKey.getAlgorithm());
		}
		try {
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(privateKey);
			signer.update(CHALLENGE);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(publicKey);
			verifier.update(CHALLENGE);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static @Nullable String signatureAlgorithm(PrivateKey privateKey) {
		return switch (privateKey.getAlgorithm()) {
			case "RSA" -> "SHA256withRSA";
			case "EC" -> "SHA256withECDSA";
			case "Ed25519", "EdDSA" -> "Ed25519";
			default -> null;
		};
	}

	/**
	 * Private key, certificate chain and trusted certificates read from an SSL bundle.
	 */
	private record SslBundleContents(PrivateKey privateKey, List<X509Certificate> certificateChain,
			List<X509Certificate> trustAnchors) {

		static SslBundleContents read(SslBundle bundle) {
			SslStoreBundle stores = bundle.getStores();
			KeyStore keyStore = stores.getKeyStore();
			if (keyStore == null) {
				throw new IllegalStateException("SSL bundle has no key store");
			}
			try {
				String alias = keyAlias(keyStore, bundle.getKey());
				char[] password = keyPassword(bundle.getKey(), stores);
				PrivateKey privateKey = (PrivateKey) keyStore.getKey(alias, password);
				Assert.state(privateKey != null,
						() -> "SSL bundle has no private key under alias '%s'".formatted(alias));
				return new SslBundleContents(privateKey, x509(keyStore.getCertificateChain(alias)),
						trustedCertificates(stores.getTrustStore()));
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("SSL bundle key store could not be read", ex);
			}
		}

		private static String keyAlias(KeyStore keyStore, SslBundleKey key) throws GeneralSecurityException {
			if (key.getAlias() != null) {
				return key.getAlias();
			}
			for (String alias : Collections.list(keyStore.aliases())) {
				if (keyStore.isKeyEntry(alias)) {
					return alias;
				}
			}
			throw new IllegalStateException("SSL bundle key store holds no private key");
		}

		private static char[] keyPassword(SslBundleKey key, SslStoreBundle stores) {
			String password = (key.getPassword() != null) ? key.getPassword() : stores.getKeyStorePassword();
			return (password != null) ? password.toCharArray() : new char[0];
		}

		private static List<X509Certificate> trustedCertificates(@Nullable KeyStore trustStore)
				throws GeneralSecurityException {
			if (trustStore == null) {
				return List.of();
			}
			List<X509Certificate> certificates = new ArrayList<>();
			for (String alias : Collections.list(trustStore.aliases())) {
				if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
					certificates.add(certificate);
				}
			}
			return certificates;
		}

		private static List<X509Certificate> x509(Certificate @Nullable [] chain) {
			Assert.state(chain != null && chain.length > 0, "SSL bundle key has no certificate chain");
			return Arrays.stream(chain).map(X509Certificate.class::cast).toList();
		}

	}

}
