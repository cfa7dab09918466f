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

package io.github.hipaagrpc.sample.scenario;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Response observer that records how an asynchronous call ended.
 *
 * @param <T> the response type
 */
final class CallOutcome<T> implements StreamObserver<T> {

	private final CompletableFuture<Status> status = new CompletableFuture<>();

	@Override
	public void onNext(T value) {
		// Only how the call ends matters to the scenario.
	}

	@Override
	public void onError(Throwable ex) {
		this.status.complete(Status.fromThrowable(ex));
	}

	@Override
	public void onCompleted() {
		this.status.complete(Status.OK);
	}

	/**
	 * Wait for the call to end and return the name of its status code.
	 * @param timeout how long to wait at most
	 * @return the status code name, or {@code NO_ANSWER} when the call did not end in
	 * time
	 */
	String await(Duration timeout) {
		try {
			return this.status.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getCode().name();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "INTERRUPTED";
		}
		catch (ExecutionException | TimeoutException ex) {
			return "NO_ANSWER";
		}
	}

}
