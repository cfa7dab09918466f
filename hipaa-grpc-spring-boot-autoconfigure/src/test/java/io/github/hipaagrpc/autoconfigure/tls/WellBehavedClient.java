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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import static org.awaitility.Awaitility.await;

/**
 * Client on its own connection that reads in a loop, recording the status of every call.
 * It has made a few calls when created and makes a few more before it stops, so that its
 * calls surround whatever the test does meanwhile.
 */
final class WellBehavedClient implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int CALLS = 5;

	private final ManagedChannel channel;

	private final CallCredentials credentials;

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<Status.Code> outcomes = new CopyOnWriteArrayList<>();

	private final Future<?> loop;

	/**
	 * Start reading on the given channel, which the client shuts down when it stops.
	 * @param channel the channel of the client's own connection
	 * @param credentials the credentials of every call
	 */
	WellBehavedClient(ManagedChannel channel, CallCredentials credentials) {
		this.channel = channel;
		this.credentials = credentials;
		this.loop = this.executor.submit(this::callUntilStopped);
		awaitMoreCalls();
	}

	private void callUntilStopped() {
		TestRecordsGrpc.TestRecordsBlockingStub stub = TestRecordsGrpc.newBlockingStub(this.channel)
			.withCallCredentials(this.credentials);
		for (int i = 0; this.running.get(); i++) {
			String id = "well-behaved-" + i;
			try {
				RecordRequest request = RecordRequest.newBuilder().setId(id).build();
				boolean echoed = stub.withDeadlineAfter(WAIT).read(request).getId().equals(id);
				this.outcomes.add(echoed ? Status.Code.OK : Status.Code.DATA_LOSS);
			}
			catch (StatusRuntimeException ex) {
				this.outcomes.add(ex.getStatus().getCode());
			}
		}
	}

	void awaitMoreCalls() {
		int target = this.outcomes.size() + CALLS;
		await().atMost(WAIT).until(() -> this.outcomes.size() >= target);
	}

	/**
	 * Make a few more calls, then stop.
	 * @return the status of every call made
	 */
	List<Status.Code> stop() {
		awaitMoreCalls();
		close();
		return this.outcomes;
	}

	@Override
	public void close() {
		this.running.set(false);
		try {
			this.loop.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Well-behaved client did not stop", ex);
		}
		finally {
			this.channel.shutdownNow();
			this.executor.shutdownNow();
		}
	}

}
