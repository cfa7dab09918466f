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

package io.github.hipaagrpc.encryption;

/**
 * Outcome of one run of the rewrap job.
 *
 * @param examined the number of data keys found under an older master-key version
 * @param moved the number of them now wrapped under the latest version
 * @param failed the number that could not be rewrapped and keep their older version
 * @param latestVersion the latest master-key version when the run started
 * @since 0.1.0
 */
public record HipaaGrpcEncryptionRewrapReport(int examined, int moved, int failed, int latestVersion) {

}
