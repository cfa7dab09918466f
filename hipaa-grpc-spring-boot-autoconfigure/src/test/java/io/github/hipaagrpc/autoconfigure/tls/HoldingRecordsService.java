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

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Test service that answers reads at once and holds server-streaming calls open after
 * their first reply until the test releases them, remembering every request it served.
 */
class HoldingRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

	private final Set<String> served = ConcurrentHashMap.newKeySet();

	private final Queue<ServerCallStreamObserver<RecordReply>> held = new ConcurrentLinkedQueue<>();

	private final AtomicInteger mostHeld = new AtomicInteger();

	@Override
	@PreAuthorize("hasRole('PROVIDER')")
	public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		this.served.add(request.getId());
		responseObserver.onNext(reply(request.getId()));
		responseObserver.onCompleted();
	}

	@Override
	@PreAuthorize("hasRole('PROVIDER')")
	public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		this.served.add(request.getId());
		ServerCallStreamObserver<RecordReply> call = (ServerCallStreamObserver<RecordReply>) responseObserver;
		call.setOnCancelHandler(() -> this.held.remove(call));
		call.onNext(reply(request.getId()));
		this.held.add(call);
		this.mostHeld.accumulateAndGet(this.held.size(), Math::max);
	}

	/**
	 * Finish every held call with a second reply.
	 * @return the number of calls finished
	 */
	int release() {
		int released = 0;
		for (ServerCallStreamObserver<RecordReply> call = this.held.poll(); call != null; call = this.held.poll()) {
			call.onNext(reply("released"));
			call.onCompleted();
			released++;
		}
		return released;
	}

	/**
	 * Return the number of calls held open now.
	 * @return the number of held calls
	 */
	int held() {
		return this.held.size();
	}

	/**
	 * Return the largest number of calls held open at once since the last reset.
	 * @return the largest number of held calls
	 */
	int mostHeld() {
		return this.mostHeld.get();
	}

	/**
	 * Forget the largest number of calls held open at once.
	 */
	void resetMostHeld() {
		this.mostHeld.set(this.held.size());
	}

	/**
	 * Return whether a request with the given id reached the service.
	 * @param id the request id
	 * @return whether the service ran for it
	 */
	boolean served(String id) {
		return this.served.contains(id);
	}

	private static RecordReply reply(String id) {
		return RecordReply.newBuilder().setId(id).build();
	}

}
