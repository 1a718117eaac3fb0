package io.clusterboot.master;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts of the finished reloads and their total time, for the cluster's meters.
 *
 * @author ClusterBoot team
 */
final class ReloadStatistics {

	private long succeeded;

	private long failed;

	private long totalMillis;

	void ended(Reload reload) {
		if (reload.state() == ReloadState.SUCCEEDED) {
			this.succeeded++;
		}
		else {
			this.failed++;
		}
		this.totalMillis += reload.duration().toMillis();
	}

	Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("succeeded", this.succeeded);
		description.put("failed", this.failed);
		description.put("finished", this.succeeded + this.failed);
		description.put("totalMillis", this.totalMillis);
		return description;
	}

}
