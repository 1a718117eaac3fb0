package io.clusterboot.demo.e2e;

import java.util.Map;

/**
 * The {@code cluster} component of {@code GET /actuator/health} (details shown with
 * {@code management.endpoint.health.show-details=always}): UP while at least one worker
 * is ready, with how many workers are desired, ready, missing ("degraded") and
 * crash-looping ("errored").
 *
 * @param status UP or DOWN
 * @param details the details
 * @author ClusterBoot team
 */
record ClusterHealth(String status, Map<String, Object> details) {

	static final String PATH = "/actuator/health";

	long desired() {
		return detail("desired");
	}

	long ready() {
		return detail("ready");
	}

	long degraded() {
		return detail("degraded");
	}

	long errored() {
		return detail("errored");
	}

	private long detail(String name) {
		Object value = (this.details != null) ? this.details.get(name) : null;
		if (!(value instanceof Number number)) {
			throw new AssertionError("Health detail '" + name + "' missing or not a number in " + this);
		}
		return number.longValue();
	}

	/**
	 * The whole answer of the health endpoint, of which only the {@code cluster}
	 * component matters here.
	 *
	 * @param status the overall status
	 * @param components the components by name
	 */
	record Answer(String status, Map<String, ClusterHealth> components) {

		ClusterHealth cluster() {
			ClusterHealth cluster = (this.components != null) ? this.components.get("cluster") : null;
			if (cluster == null) {
				throw new AssertionError("No 'cluster' health component in " + this);
			}
			return cluster;
		}

	}

}
