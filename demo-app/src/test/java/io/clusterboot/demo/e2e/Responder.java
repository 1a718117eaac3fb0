package io.clusterboot.demo.e2e;

import java.util.Optional;

/**
 * Who answered a request, from the body of the demo's {@code /hello}: the process, and
 * for a worker its slot, generation and application version.
 *
 * @param pid the process that answered
 * @param worker the worker's slot, or {@code null} outside a cluster
 * @param generation the worker's generation, or {@code null} outside a cluster
 * @param version the application version the process runs
 * @author ClusterBoot team
 */
record Responder(Long pid, Integer worker, Integer generation, String version) {

	/**
	 * Reads a response body.
	 * @param body the body
	 * @return who answered, if the body is JSON with a pid
	 */
	static Optional<Responder> of(String body) {
		return Json.tryRead(body, Responder.class).filter((responder) -> responder.pid() != null);
	}

	@Override
	public String toString() {
		return "pid " + this.pid + ((this.worker != null) ? " worker " + this.worker : "")
				+ ((this.generation != null) ? " gen " + this.generation : "")
				+ ((this.version != null) ? " v" + this.version : "");
	}

}
