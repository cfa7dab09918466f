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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.hipaagrpc.test.vault.TokenEntry.TokenSpec;
import io.github.hipaagrpc.test.vault.VaultRequest.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A test double of HashiCorp Vault that speaks Vault's HTTP API on the loopback
 * interface: token, AppRole and Kubernetes login, the PKI and Transit secrets engines and
 * {@code sys/health}, with the status codes and error bodies Vault uses.
 * <p>
 * Tests control it directly: seal and unseal it, expire or revoke tokens, move its clock,
 * rotate the CA and count requests per path. Tokens, keys and secret IDs are never
 * logged. <pre class="code">
 * LocalVaultServer vault = LocalVaultServer.builder()
 * 	.appRole("orders", "orders-role-id", "orders-secret-id")
 * 	.pkiRole(PkiRole.named("server").allowAnyName(true).maxTtl(Duration.ofHours(1)))
 * 	.start();
 * </pre>
 *
 * @since 0.1.0
 */
public final class LocalVaultServer implements AutoCloseable {

	/**
	 * Vault version the double reports in {@code sys/health}.
	 */
	public static final String VERSION = "1.19.0";

	private static final String API_PREFIX = "/v1/";

	private static final int MAX_REQUEST_SIZE = 32 * 1024 * 1024;

	private static final Duration MOUNT_DEFAULT_TTL = Duration.ofDays(32);

	private static final Set<String> SEALED_PATHS = Set.of("sys/health", "sys/init", "sys/seal-status");

	private final HttpServer server;

	private final Clock clock;

	private final AtomicReference<Duration> clockOffset = new AtomicReference<>(Duration.ZERO);

	private final AtomicBoolean sealed = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

	private final TokenStore tokenStore;

	private final TokenEntry rootToken;

	private final VaultPki pki;

	private final VaultTransit transit;

	private final List<Mount> mounts = new ArrayList<>();

	private final String clusterId = UUID.randomUUID().toString();

	private LocalVaultServer(Builder builder, HttpServer server) {
		this.server = server;
		this.clock = builder.clock;
		this.tokenStore = new TokenStore(builder.tokenMaxTtl);
		this.rootToken = this.tokenStore.issue(
				new TokenSpec("auth/token/root", "root", List.of("root"), null, Duration.ZERO, false, true, ""), now());
		this.pki = new VaultPki(builder.pkiPath, builder.pkiCaKeyType, this::now);
		builder.pkiRoles.forEach(this.pki::createRole);
		this.transit = new VaultTransit(builder.transitPath, this::now);
		VaultAuth auth = new VaultAuth(this.tokenStore, builder.tokenTtl, MOUNT_DEFAULT_TTL);
		builder.authRoles.forEach((role) -> role.accept(auth));
		addMounts(builder, auth);
		this.server.createContext("/", this::handle);
	}

	private void addMounts(Builder builder, VaultAuth auth) {
		Routes sys = new Routes().add("seal-status", Operation.READ, this::sealStatus)
			.add("init", Operation.READ, (request, variables) -> VaultReply.json(200, Map.of("initialized", true)));
		this.mounts.add(new Mount("sys", "system", sys, (path) -> SEALED_PATHS.contains("sys/" + path)));
		this.mounts.add(new Mount("auth/token", "token", auth.tokenRoutes(), (path) -> false));
		this.mounts.add(new Mount("auth/" + builder.appRolePath, "approle", auth.appRoleRoutes(builder.appRolePath),
				"login"::equals));
		this.mounts.add(new Mount("auth/" + builder.kubernetesPath, "kubernetes",
				auth.kubernetesRoutes(builder.kubernetesPath), "login"::equals));
		this.mounts.add(new Mount(builder.pkiPath, "pki", this.pki.routes(), this.pki::isUnauthenticated));
		this.mounts.add(new Mount(builder.transitPath, "transit", this.transit.routes(), (path) -> false));
	}

	/**
	 * Start a server with the default mounts and no roles, on an ephemeral loopback port.
	 * @return the running server
	 */
	public static LocalVaultServer start() {
		return builder().start();
	}

	/**
	 * Return a builder to configure mounts, roles, token TTLs and the clock before
	 * starting.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the base URI, for example {@code http://127.0.0.1:PORT}, the value of
	 * {@code spring.cloud.vault.uri}.
	 * @return the base URI
	 */
	public URI uri() {
		return URI.create("http://127.0.0.1:" + port());
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Return the root token created at start, which never expires and cannot be renewed.
	 * @return the root token
	 */
	public String rootToken() {
		return this.rootToken.id();
	}

	/**
	 * Return the PKI engine, to create roles, rotate the CA and read the issued
	 * certificates.
	 * @return the PKI engine
	 */
	public VaultPki pki() {
		return this.pki;
	}

	/**
	 * Return the Transit engine.
	 * @return the Transit engine
	 */
	public VaultTransit transit() {
		return this.transit;
	}

	/**
	 * Create a renewable orphan token with the {@code default} policy.
	 * @param ttl the token's TTL
	 * @return the token
	 */
	public String createToken(Duration ttl) {
		return createToken(ttl, true);
	}

	/**
	 * Create an orphan token with the {@code default} policy.
	 * @param ttl the token's TTL
	 * @param renewable whether the token can be renewed
	 * @return the token
	 */
	public String createToken(Duration ttl, boolean renewable) {
		Assert.notNull(ttl, "'ttl' must not be null");
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "'ttl' must be positive");
		TokenSpec spec = new TokenSpec("auth/token/create", "token", List.of("default"), null, ttl, renewable, true,
				"");
		return this.tokenStore.issue(spec, now()).id();
	}

	/**
	 * Expire a token now, as if its TTL had run out: Vault answers 403 to it from now on.
	 * @param token the token
	 */
	public void expireToken(String token) {
		Assert.hasText(token, "'token' must not be empty");
		Assert.isTrue(this.tokenStore.expire(token, now()), "'token' must be a token of this server");
	}

	/**
	 * Revoke a token: Vault answers 403 to it from now on.
	 * @param token the token
	 */
	public void revokeToken(String token) {
		Assert.hasText(token, "'token' must not be empty");
		Assert.isTrue(this.tokenStore.revoke(token), "'token' must be a token of this server");
	}

	/**
	 * Seal the server: every request except {@code sys/health}, {@code sys/init} and
	 * {@code sys/seal-status} gets 503 with {@code Vault is sealed}.
	 */
	public void seal() {
		this.sealed.set(true);
	}

	/**
	 * Unseal the server.
	 */
	public void unseal() {
		this.sealed.set(false);
	}

	/**
	 * Return whether the server is sealed.
	 * @return whether the server is sealed
	 */
	public boolean isSealed() {
		return this.sealed.get();
	}

	/**
	 * Move the server's clock forward. Tokens whose TTL ends within the given time
	 * expire, and new certificates and leases are dated from the new time.
	 * @param duration how far to move the clock
	 */
	public void advanceClock(Duration duration) {
		Assert.notNull(duration, "'duration' must not be null");
		Assert.isTrue(!duration.isNegative(), "'duration' must not be negative");
		this.clockOffset.accumulateAndGet(duration, Duration::plus);
	}

	/**
	 * Return the server's current time: its clock plus any advance.
	 * @return the current time
	 */
	public Instant now() {
		return this.clock.instant().plus(this.clockOffset.get());
	}

	/**
	 * Return how many requests arrived for a path, whatever their method and outcome.
	 * @param path the path below {@code /v1/}, for example {@code auth/token/renew-self}
	 * @return the request count
	 */
	public int requestCount(String path) {
		Assert.notNull(path, "'path' must not be null");
		AtomicInteger count = this.requestCounts.get(normalize(path));
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Return how many requests arrived in total.
	 * @return the request count
	 */
	public int requestCount() {
		return this.requestCounts.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	/**
	 * Forget all request counts.
	 */
	public void resetRequestCounts() {
		this.requestCounts.clear();
	}

	/**
	 * Stop the server immediately. Closing a closed server does nothing.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.server.stop(0);
		}
	}

	private static String normalize(String path) {
		String normalized = (path.startsWith("/")) ? path.substring(1) : path;
		normalized = (normalized.startsWith("v1/")) ? normalized.substring(3) : normalized;
		return (normalized.endsWith("/")) ? normalized.substring(0, normalized.length() - 1) : normalized;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			respond(exchange);
		}
		finally {
			exchange.close();
		}
	}

	private void respond(HttpExchange exchange) throws IOException {
		String requestPath = exchange.getRequestURI().getPath();
		if (!requestPath.startsWith(API_PREFIX)) {
			send(exchange, VaultReply.errors(404, List.of()), "");
			return;
		}
		String path = normalize(requestPath);
		this.requestCounts.computeIfAbsent(path, (key) -> new AtomicInteger()).incrementAndGet();
		Mount mount = mount(path);
		try {
			send(exchange, reply(exchange, path, mount), (mount != null) ? mount.type() : "");
		}
		catch (VaultApiException ex) {
			send(exchange, VaultReply.errors(ex.status(), ex.errors()), "");
		}
		catch (RuntimeException ex) {
			send(exchange, VaultReply.errors(500, List.of(String.valueOf(ex.getMessage()))), "");
		}
	}

	private VaultReply reply(HttpExchange exchange, String path, @Nullable Mount mount) throws IOException {
		if (this.sealed.get() && !SEALED_PATHS.contains(path)) {
			return VaultReply.errors(503, List.of("Vault is sealed"));
		}
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		if ("sys/health".equals(path)) {
			return VaultHealth.reply(exchange.getRequestMethod(), query, this.sealed.get(), now(), this.clusterId);
		}
		byte[] body = readBody(exchange.getRequestBody());
		if (exchange.getRequestHeaders().containsKey("X-Vault-Wrap-TTL")) {
			throw VaultApiException.badRequest("response wrapping is not emulated by the Vault test double");
		}
		String subPath = (mount != null) ? subPath(path, mount) : "";
		String token = token(exchange.getRequestHeaders());
		authorize(mount, subPath, token);
		if (mount == null) {
			throw VaultApiException.noHandler(path);
		}
		Operation operation = operation(exchange.getRequestMethod(), query);
		Fields fields = (operation == Operation.READ || operation == Operation.LIST)
				? new Fields(new LinkedHashMap<>(query)) : new Fields(Json.read(body));
		return mount.routes().dispatch(new VaultRequest(operation, path, fields, query, token, now()), subPath);
	}

	private void authorize(@Nullable Mount mount, String subPath, @Nullable String token) {
		boolean unauthenticated = mount != null && mount.unauthenticated().test(subPath);
		if (!unauthenticated && this.tokenStore.find(token, now()) == null) {
			throw VaultApiException.permissionDenied();
		}
	}

	private @Nullable Mount mount(String path) {
		for (Mount mount : this.mounts) {
			if (path.equals(mount.path()) || path.startsWith(mount.path() + "/")) {
				return mount;
			}
		}
		return null;
	}

	private static String subPath(String path, Mount mount) {
		return (path.length() > mount.path().length()) ? path.substring(mount.path().length() + 1) : "";
	}

	private static Operation operation(String method, Map<String, String> query) {
		return switch (method.toUpperCase(Locale.ROOT)) {
			case "GET" -> ("true".equals(query.get("list"))) ? Operation.LIST : Operation.READ;
			case "LIST" -> Operation.LIST;
			case "POST", "PUT" -> Operation.UPDATE;
			case "DELETE" -> Operation.DELETE;
			default -> Operation.OTHER;
		};
	}

	private static @Nullable String token(Headers headers) {
		String token = headers.getFirst("X-Vault-Token");
		if (token != null && !token.isEmpty()) {
			return token;
		}
		String authorization = headers.getFirst("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).trim();
		}
		return null;
	}

	private static Map<String, String> query(@Nullable String rawQuery) {
		Map<String, String> query = new LinkedHashMap<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return query;
		}
		for (String parameter : rawQuery.split("&", -1)) {
			int separator = parameter.indexOf('=');
			String name = (separator >= 0) ? parameter.substring(0, separator) : parameter;
			String value = (separator >= 0) ? parameter.substring(separator + 1) : "";
			query.putIfAbsent(decode(name), decode(value));
		}
		return query;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	private static byte[] readBody(InputStream body) throws IOException {
		byte[] bytes = body.readNBytes(MAX_REQUEST_SIZE + 1);
		if (bytes.length > MAX_REQUEST_SIZE) {
			throw VaultApiException.of(413, List.of("http: request body too large"));
		}
		return bytes;
	}

	private VaultReply sealStatus(VaultRequest request, Map<String, String> variables) {
		return VaultReply.json(200, VaultHealth.sealStatus(this.sealed.get(), this.clusterId));
	}

	private static void send(HttpExchange exchange, VaultReply reply, String mountType) throws IOException {
		byte[] body = reply.body(mountType);
		Headers headers = exchange.getResponseHeaders();
		headers.set("Cache-Control", "no-store");
		if (reply.contentType() != null) {
			headers.set("Content-Type", reply.contentType());
		}
		boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
		if (body == null || body.length == 0 || head) {
			exchange.sendResponseHeaders(reply.status(), -1);
			return;
		}
		exchange.sendResponseHeaders(reply.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public String toString() {
		return "LocalVaultServer[" + uri() + "]";
	}

	/**
	 * Configures and starts a {@link LocalVaultServer}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private String pkiPath = "pki";

		private String transitPath = "transit";

		private String appRolePath = "approle";

		private String kubernetesPath = "kubernetes";

		private String pkiCaKeyType = "ec";

		private Duration tokenTtl = MOUNT_DEFAULT_TTL;

		private Duration tokenMaxTtl = MOUNT_DEFAULT_TTL;

		private Clock clock = Clock.systemUTC();

		private int port;

		private final List<PkiRole> pkiRoles = new ArrayList<>();

		private final List<Consumer<VaultAuth>> authRoles = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Set the mount path of the PKI engine (default {@code pki}).
		 * @param path the mount path
		 * @return this builder
		 */
		public Builder pkiPath(String path) {
			this.pkiPath = mountPath(path);
			return this;
		}

		/**
		 * Set the mount path of the Transit engine (default {@code transit}).
		 * @param path the mount path
		 * @return this builder
		 */
		public Builder transitPath(String path) {
			this.transitPath = mountPath(path);
			return this;
		}

		/**
		 * Set the mount path of the AppRole auth method below {@code auth/} (default
		 * {@code approle}).
		 * @param path the mount path
		 * @return this builder
		 */
		public Builder appRolePath(String path) {
			this.appRolePath = mountPath(path);
			return this;
		}

		/**
		 * Set the mount path of the Kubernetes auth method below {@code auth/} (default
		 * {@code kubernetes}).
		 * @param path the mount path
		 * @return this builder
		 */
		public Builder kubernetesPath(String path) {
			this.kubernetesPath = mountPath(path);
			return this;
		}

		/**
		 * Set the key type of the PKI engine's issuers: {@code ec} (P-256, the default)
		 * or {@code rsa} (2048 bits).
		 * @param keyType the key type
		 * @return this builder
		 */
		public Builder pkiCaKeyType(String keyType) {
			Assert.isTrue("ec".equals(keyType) || "rsa".equals(keyType), "'keyType' must be 'ec' or 'rsa'");
			this.pkiCaKeyType = keyType;
			return this;
		}

		/**
		 * Add a PKI role.
		 * @param role the role
		 * @return this builder
		 */
		public Builder pkiRole(PkiRole role) {
			Assert.notNull(role, "'role' must not be null");
			this.pkiRoles.add(role.copy());
			return this;
		}

		/**
		 * Add an AppRole role that logs in with one role ID and one secret ID.
		 * @param roleName the role name, reported as {@code role_name} metadata
		 * @param roleId the role ID
		 * @param secretId the secret ID
		 * @return this builder
		 */
		public Builder appRole(String roleName, String roleId, String secretId) {
			Assert.hasText(roleName, "'roleName' must not be empty");
			Assert.hasText(roleId, "'roleId' must not be empty");
			Assert.hasText(secretId, "'secretId' must not be empty");
			this.authRoles.add((auth) -> auth.addAppRole(roleName, roleId, secretId));
			return this;
		}

		/**
		 * Add a Kubernetes role that accepts one service account token, for the
		 * {@code default} service account of the {@code default} namespace.
		 * @param role the role name
		 * @param jwt the service account token the role accepts
		 * @return this builder
		 */
		public Builder kubernetesRole(String role, String jwt) {
			return kubernetesRole(role, jwt, "default", "default");
		}

		/**
		 * Add a Kubernetes role that accepts one service account token.
		 * @param role the role name
		 * @param jwt the service account token the role accepts
		 * @param namespace the service account's namespace
		 * @param serviceAccountName the service account's name
		 * @return this builder
		 */
		public Builder kubernetesRole(String role, String jwt, String namespace, String serviceAccountName) {
			Assert.hasText(role, "'role' must not be empty");
			Assert.hasText(jwt, "'jwt' must not be empty");
			Assert.hasText(namespace, "'namespace' must not be empty");
			Assert.hasText(serviceAccountName, "'serviceAccountName' must not be empty");
			this.authRoles.add((auth) -> auth.addKubernetesRole(role, jwt, namespace, serviceAccountName));
			return this;
		}

		/**
		 * Set the TTL of tokens issued by AppRole and Kubernetes logins (default 768
		 * hours, Vault's default).
		 * @param ttl the TTL
		 * @return this builder
		 */
		public Builder tokenTtl(Duration ttl) {
			Assert.isTrue(ttl != null && !ttl.isNegative() && !ttl.isZero(), "'ttl' must be positive");
			this.tokenTtl = ttl;
			return this;
		}

		/**
		 * Set the longest a token may live through renewals, counted from its creation
		 * (default 768 hours, Vault's default).
		 * @param maxTtl the maximum TTL
		 * @return this builder
		 */
		public Builder tokenMaxTtl(Duration maxTtl) {
			Assert.isTrue(maxTtl != null && !maxTtl.isNegative() && !maxTtl.isZero(), "'maxTtl' must be positive");
			this.tokenMaxTtl = maxTtl;
			return this;
		}

		/**
		 * Set the clock the server runs on, for example a fixed clock.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "'clock' must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Set the loopback port to listen on (default {@code 0}: an ephemeral port). A
		 * fixed port such as Vault's {@code 8200} lets the Vault CLI and other tools find
		 * the server without being told its port.
		 * @param port the port, or {@code 0} for an ephemeral one
		 * @return this builder
		 */
		public Builder port(int port) {
			Assert.isTrue(port >= 0 && port <= 65535, "'port' must be between 0 and 65535");
			this.port = port;
			return this;
		}

		/**
		 * Start the server on the loopback interface, on an ephemeral port unless one was
		 * set.
		 * @return the running server
		 * @throws UncheckedIOException if the port is taken
		 */
		public LocalVaultServer start() {
			List<String> paths = List.of("sys", "auth/token", this.pkiPath, this.transitPath,
					"auth/" + this.appRolePath, "auth/" + this.kubernetesPath);
			Assert.state(new HashSet<>(paths).size() == paths.size(), "Mount paths must be distinct and not reserved");
			LocalVaultServer vault = new LocalVaultServer(this, createServer(this.port));
			vault.server.start();
			return vault;
		}

		private static String mountPath(String path) {
			Assert.hasText(path, "'path' must not be empty");
			Assert.isTrue(!path.startsWith("/") && !path.endsWith("/"), "'path' must not start or end with '/'");
			return path;
		}

		private static HttpServer createServer(int port) {
			try {
				InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
				return HttpServer.create(new InetSocketAddress(loopback, port), 0);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Unable to start the Vault test double on port '%d'".formatted(port),
						ex);
			}
		}

	}

	/**
	 * A mounted engine or auth method: its path, its type and its routes.
	 *
	 * @param path the mount path
	 * @param type the mount type, reported as {@code mount_type}
	 * @param routes the routes below the mount path
	 * @param unauthenticated which paths below the mount need no token
	 */
	private record Mount(String path, String type, Routes routes, Predicate<String> unauthenticated) {

	}

}
