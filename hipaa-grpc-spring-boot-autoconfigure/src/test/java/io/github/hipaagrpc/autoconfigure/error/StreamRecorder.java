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

package io.github.hipaagrpc.autoconfigure.error;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.hipaagrpc.testservice.RecordReply;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response observer that waits for the end of a streaming call and rethrows its failure.
 */
class StreamRecorder implements StreamObserver<RecordReply> {

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile @Nullable Throwable error;

	@Override
	public void onNext(RecordReply value) {
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

	void awaitAndRethrow() {
		try {
			assertThat(this.done.await(30, TimeUnit.SECONDS)).as("call completed").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (this.error instanceof StatusRuntimeException ex) {
			throw ex;
		}
		assertThat(this.error).isNull();
	}

}
