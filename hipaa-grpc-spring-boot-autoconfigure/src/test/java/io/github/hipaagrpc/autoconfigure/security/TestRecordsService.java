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

package io.github.hipaagrpc.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;

import io.github.hipaagrpc.testservice.RecordReply;
import io.github.hipaagrpc.testservice.RecordRequest;
import io.github.hipaagrpc.testservice.TestRecordsGrpc;
import io.github.hipaagrpc.testservice.UnguardedGrpc;
import io.grpc.stub.StreamObserver;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Test service with a rule on every method, covering the four kinds of call.
 */
class TestRecordsService extends TestRecordsGrpc.TestRecordsImplBase {

	@Override
	@PreAuthorize("hasRole('PROVIDER') or hasRole('AUDITOR')")
	public void read(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		responseObserver.onNext(reply(request.getId()));
		responseObserver.onCompleted();
	}

	@Override
	@PreAuthorize("hasRole('PROVIDER') and hasAuthority('SCOPE_records.write')")
	public void update(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		responseObserver.onNext(reply(request.getId()));
		responseObserver.onCompleted();
	}

	@Override
	@PreAuthorize("hasRole('PROVIDER')")
	public void watch(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
		for (int i = 0; i < 3; i++) {
			responseObserver.onNext(reply(request.getId() + "-" + i));
		}
		responseObserver.onCompleted();
	}

	@Override
	@PreAuthorize("hasRole('BILLER')")
	public StreamObserver<RecordRequest> upload(StreamObserver<RecordReply> responseObserver) {
		List<String> ids = new ArrayList<>();
		return new StreamObserver<>() {

			@Override
			public void onNext(RecordRequest value) {
				ids.add(value.getId());
			}

			@Override
			public void onError(Throwable ex) {
			}

			@Override
			public void onCompleted() {
				responseObserver.onNext(reply(String.join(",", ids)));
				responseObserver.onCompleted();
			}

		};
	}

	@Override
	@PreAuthorize("hasRole('PHARMACIST')")
	public StreamObserver<RecordRequest> exchange(StreamObserver<RecordReply> responseObserver) {
		return new StreamObserver<>() {

			@Override
			public void onNext(RecordRequest value) {
				responseObserver.onNext(reply(value.getId()));
			}

			@Override
			public void onError(Throwable ex) {
			}

			@Override
			public void onCompleted() {
				responseObserver.onCompleted();
			}

		};
	}

	static RecordReply reply(String id) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		RecordReply.Builder reply = RecordReply.newBuilder().setId(id);
		if (authentication != null) {
			reply.setPrincipal(authentication.getName());
			for (GrantedAuthority authority : authentication.getAuthorities()) {
				reply.addAuthorities(String.valueOf(authority.getAuthority()));
			}
		}
		return reply.build();
	}

	/**
	 * Service whose method has no access rule.
	 */
	static class UnguardedService extends UnguardedGrpc.UnguardedImplBase {

		@Override
		public void peek(RecordRequest request, StreamObserver<RecordReply> responseObserver) {
			responseObserver.onNext(reply(request.getId()));
			responseObserver.onCompleted();
		}

	}

}
