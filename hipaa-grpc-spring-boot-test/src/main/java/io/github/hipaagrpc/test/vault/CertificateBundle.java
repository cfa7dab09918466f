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

package io.github.hipaagrpc.test.vault;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response data of {@code pki/issue/:role}: the certificate, its key, the issuing CA
 * and the chain, encoded in the requested format. The chain starts with the issuing CA.
 */
final class CertificateBundle {

	private final X509Certificate certificate;

	private final KeyPair keyPair;

	private final boolean pkcs8;

	private final X509Certificate issuingCa;

	private final List<X509Certificate> chain;

	CertificateBundle(X509Certificate certificate, KeyPair keyPair, boolean pkcs8, List<X509Certificate> chain,
			boolean removeRoots) {
		this.certificate = certificate;
		this.keyPair = keyPair;
		this.pkcs8 = pkcs8;
		this.issuingCa = chain.get(0);
		this.chain = (removeRoots) ? chain.stream().filter((ca) -> !isSelfSigned(ca)).toList() : chain;
	}

	/**
	 * Return the response data.
	 * @param format {@code pem}, {@code der} or {@code pem_bundle}
	 * @param serialNumber the formatted serial number
	 * @return the data
	 */
	Map<String, Object> data(String format, String serialNumber) {
		Map<String, Object> data = new LinkedHashMap<>();
		byte[] privateKey = (this.pkcs8) ? PkiKeys.pkcs8(this.keyPair) : PkiKeys.traditional(this.keyPair);
		if ("der".equals(format)) {
			data.put("certificate", PkiKeys.base64(PkiKeys.der(this.certificate)));
			data.put("issuing_ca", PkiKeys.base64(PkiKeys.der(this.issuingCa)));
			putChain(data, this.chain.stream().map((ca) -> PkiKeys.base64(PkiKeys.der(ca))).toList());
			data.put("private_key", PkiKeys.base64(privateKey));
		}
		else {
			String privateKeyPem = PkiKeys.pem(PkiKeys.pemType(this.keyPair.getPrivate(), this.pkcs8), privateKey);
			List<String> chainPems = this.chain.stream().map(PkiKeys::pem).toList();
			data.put("certificate",
					("pem_bundle".equals(format)) ? bundle(privateKeyPem, chainPems) : PkiKeys.pem(this.certificate));
			data.put("issuing_ca", PkiKeys.pem(this.issuingCa));
			putChain(data, chainPems);
			data.put("private_key", privateKeyPem);
		}
		data.put("private_key_type", ("RSA".equals(this.keyPair.getPrivate().getAlgorithm())) ? "rsa" : "ec");
		data.put("serial_number", serialNumber);
		data.put("expiration", this.certificate.getNotAfter().toInstant().getEpochSecond());
		data.put("not_before", this.certificate.getNotBefore().toInstant().getEpochSecond());
		return data;
	}

	private String bundle(String privateKeyPem, List<String> chainPems) {
		List<String> parts = new ArrayList<>();
		parts.add(privateKeyPem);
		parts.add(PkiKeys.pem(this.certificate));
		parts.addAll(chainPems);
		return String.join("\n", parts);
	}

	private static void putChain(Map<String, Object> data, List<String> chain) {
		if (!chain.isEmpty()) {
			data.put("ca_chain", chain);
		}
	}

	private static boolean isSelfSigned(X509Certificate certificate) {
		return certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
	}

}
