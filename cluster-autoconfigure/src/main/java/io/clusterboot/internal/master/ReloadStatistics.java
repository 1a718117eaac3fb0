package io.clusterboot.internal.master;

import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;

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

	ClusterStatus.Reloads describe() {
		return new ClusterStatus.Reloads(this.succeeded, this.failed, this.succeeded + this.failed, this.totalMillis);
	}

}
