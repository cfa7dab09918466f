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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.hipaagrpc.test.vault.VaultRequest.Operation;
import org.jspecify.annotations.Nullable;

/**
 * The paths of one mount, each with the operations it supports. A path that matches but
 * does not support the operation answers 405, a path that does not match answers 404.
 */
final class Routes {

	private final List<Route> routes = new ArrayList<>();

	/**
	 * Add a route.
	 * @param pattern the path below the mount, with {@code {name}} for a variable segment
	 * @param operation the operation
	 * @param handler the handler
	 * @return these routes
	 */
	Routes add(String pattern, Operation operation, Handler handler) {
		this.routes.add(new Route(List.of(pattern.split("/", -1)), operation, handler));
		return this;
	}

	VaultReply dispatch(VaultRequest request, String path) {
		String[] segments = path.split("/", -1);
		boolean pathMatched = false;
		for (Route route : this.routes) {
			Map<String, String> variables = route.match(segments);
			if (variables != null) {
				pathMatched = true;
				if (route.operation() == request.operation()) {
					return route.handler().handle(request, variables);
				}
			}
		}
		throw (pathMatched) ? VaultApiException.unsupportedOperation() : VaultApiException.unsupportedPath();
	}

	/**
	 * Handles a request whose path matched a route.
	 */
	@FunctionalInterface
	interface Handler {

		/**
		 * Handle the request.
		 * @param request the request
		 * @param variables the values of the variable path segments
		 * @return the reply
		 */
		VaultReply handle(VaultRequest request, Map<String, String> variables);

	}

	/**
	 * A path pattern with the operation and handler it maps to.
	 *
	 * @param segments the segments of the pattern
	 * @param operation the operation
	 * @param handler the handler
	 */
	private record Route(List<String> segments, Operation operation, Handler handler) {

		@Nullable Map<String, String> match(String[] path) {
			if (path.length != this.segments.size()) {
				return null;
			}
			Map<String, String> variables = new HashMap<>();
			for (int i = 0; i < path.length; i++) {
				String segment = this.segments.get(i);
				if (segment.startsWith("{") && !path[i].isEmpty()) {
					variables.put(segment.substring(1, segment.length() - 1), path[i]);
				}
				else if (!segment.equals(path[i])) {
					return null;
				}
			}
			return variables;
		}

	}

}
