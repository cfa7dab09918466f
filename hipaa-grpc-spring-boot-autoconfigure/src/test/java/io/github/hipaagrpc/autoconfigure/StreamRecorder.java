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

package io.github.hipaagrpc.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response observer that records replies and waits for the end of the call.
 */
public class StreamRecorder<T> implements StreamObserver<T> {

	private final List<T> replies = new CopyOnWriteArrayList<>();

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile @Nullable Throwable error;

	@Override
	public void onNext(T value) {
		this.replies.add(value);
	}

	@Override
	public void onError(Throwable ex) {
		this.error = ex;
		this.done.countDown();
	}

	@Override
	public void onCompleted() {
		this.done.countDown();
	}

	/**
	 * Wait for the end of the call and rethrow its failure.
	 * @throws InterruptedException if interrupted while waiting
	 */
	public void awaitAndRethrow() throws InterruptedException {
		Throwable failure = awaitEnd();
		if (failure instanceof StatusRuntimeException ex) {
			throw ex;
		}
		assertThat(failure).isNull();
	}

	/**
	 * Wait for the end of the call.
	 * @return the failure the call ended with, or {@code null}
	 * @throws InterruptedException if interrupted while waiting
	 */
	public @Nullable Throwable awaitEnd() throws InterruptedException {
		assertThat(this.done.await(30, TimeUnit.SECONDS)).as("call completed").isTrue();
		return this.error;
	}

	/**
	 * Return the replies received so far.
	 * @return the replies
	 */
	public List<T> replies() {
		return this.replies;
	}

}
