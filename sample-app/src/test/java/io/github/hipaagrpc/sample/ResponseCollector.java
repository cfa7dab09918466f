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

package io.github.hipaagrpc.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.stub.StreamObserver;

/**
 * Collects the responses of a streaming call until it ends.
 */
final class ResponseCollector<T> implements StreamObserver<T> {

	private static final long TIMEOUT_SECONDS = 10;

	private final List<T> responses = new CopyOnWriteArrayList<>();

	private final CompletableFuture<List<T>> done = new CompletableFuture<>();

	@Override
	public void onNext(T value) {
		this.responses.add(value);
	}

	@Override
	public void onError(Throwable ex) {
		this.done.completeExceptionally(ex);
	}

	@Override
	public void onCompleted() {
		this.done.complete(List.copyOf(this.responses));
	}

	List<T> get() throws Exception {
		return this.done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

}
