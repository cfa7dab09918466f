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

package io.github.hipaagrpc.ratelimit;

import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import redis.embedded.RedisServer;

import org.springframework.test.util.TestSocketUtils;

/**
 * A real Redis server from the embedded binaries, on a loopback port of its own, that a
 * test can stop and start again on the same port.
 */
public final class LocalRedis implements AutoCloseable {

	private final int port = TestSocketUtils.findAvailableTcpPort();

	private RedisServer server;

	private LocalRedis() {
		this.server = newServer();
	}

	/**
	 * Start a server.
	 * @return the running server
	 */
	public static LocalRedis start() {
		LocalRedis redis = new LocalRedis();
		redis.server.start();
		return redis;
	}

	private RedisServer newServer() {
		return RedisServer.builder()
			.bind("127.0.0.1")
			.port(this.port)
			.setting("save \"\"")
			.setting("appendonly no")
			.setting("maxmemory 64mb")
			.build();
	}

	/**
	 * Stop the server, as a crash of Redis would.
	 */
	public void stop() {
		this.server.stop();
	}

	/**
	 * Start the server again on the same port, with no data.
	 */
	public void restart() {
		this.server = newServer();
		this.server.start();
	}

	public int port() {
		return this.port;
	}

	/**
	 * Return the URI of the server.
	 * @return the URI
	 */
	public RedisURI uri() {
		return RedisURI.create("127.0.0.1", this.port);
	}

	/**
	 * Return every key stored.
	 * @return the keys
	 */
	public List<String> keys() {
		RedisClient client = RedisClient.create(uri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().keys("*");
		}
		finally {
			client.shutdown();
		}
	}

	@Override
	public void close() {
		if (this.server.isActive()) {
			this.server.stop();
		}
	}

}
