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

package io.github.hipaagrpc.error;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.hipaagrpc.testservice.BrokenRequest;
import io.github.hipaagrpc.testservice.PatientReply;
import io.github.hipaagrpc.testservice.PatientRequest;
import io.github.hipaagrpc.testservice.PlainRequest;
import io.github.hipaagrpc.testservice.UncompilableRequest;
import io.github.hipaagrpc.testservice.ValidatedRecordsGrpc;
import io.github.hipaagrpc.testservice.VisitRequest;
import io.grpc.stub.StreamObserver;

/**
 * Test service for validated requests that records every message it receives.
 */
class ValidatedRecordsService extends ValidatedRecordsGrpc.ValidatedRecordsImplBase {

	private final List<Object> received = new CopyOnWriteArrayList<>();

	private final List<String> completed = new CopyOnWriteArrayList<>();

	@Override
	public void read(PatientRequest request, StreamObserver<PatientReply> responseObserver) {
		this.received.add(request);
		respond(responseObserver, request.getPatientId());
	}

	@Override
	public void watch(PatientRequest request, StreamObserver<PatientReply> responseObserver) {
		this.received.add(request);
		for (int i = 0; i < 3; i++) {
			responseObserver.onNext(reply(request.getPatientId(), i));
		}
		responseObserver.onCompleted();
	}

	@Override
	public StreamObserver<PatientRequest> upload(StreamObserver<PatientReply> responseObserver) {
		return new RecordingObserver("upload") {

			@Override
			public void onCompleted() {
				super.onCompleted();
				respond(responseObserver, "uploaded");
			}

		};
	}

	@Override
	public StreamObserver<PatientRequest> exchange(StreamObserver<PatientReply> responseObserver) {
		return new RecordingObserver("exchange") {

			@Override
			public void onNext(PatientRequest value) {
				super.onNext(value);
				responseObserver.onNext(reply(value.getPatientId(), 0));
			}

			@Override
			public void onCompleted() {
				super.onCompleted();
				responseObserver.onCompleted();
			}

		};
	}

	@Override
	public void inspect(BrokenRequest request, StreamObserver<PatientReply> responseObserver) {
		this.received.add(request);
		respond(responseObserver, request.getPatientId());
	}

	@Override
	public void audit(UncompilableRequest request, StreamObserver<PatientReply> responseObserver) {
		this.received.add(request);
		respond(responseObserver, request.getPatientId());
	}

	@Override
	public void schedule(VisitRequest request, StreamObserver<PatientReply> responseObserver) {
		this.received.add(request);
		respond(responseObserver, "scheduled");
	}

	@Override
	public void ping(PlainRequest request, StreamObserver<PatientReply> responseObserver) {
		this.received.add(request);
		respond(responseObserver, request.getText());
	}

	List<Object> received() {
		return this.received;
	}

	List<String> completed() {
		return this.completed;
	}

	private static void respond(StreamObserver<PatientReply> responseObserver, String patientId) {
		responseObserver.onNext(reply(patientId, 0));
		responseObserver.onCompleted();
	}

	private static PatientReply reply(String patientId, int count) {
		return PatientReply.newBuilder().setPatientId(patientId).setCount(count).build();
	}

	/**
	 * Request observer that records the messages and the completion of a stream.
	 */
	private class RecordingObserver implements StreamObserver<PatientRequest> {

		private final String method;

		RecordingObserver(String method) {
			this.method = method;
		}

		@Override
		public void onNext(PatientRequest value) {
			ValidatedRecordsService.this.received.add(value);
		}

		@Override
		public void onError(Throwable ex) {
		}

		@Override
		public void onCompleted() {
			ValidatedRecordsService.this.completed.add(this.method);
		}

	}

}
