package io.clusterboot.internal.systemd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.ReloadState;

/**
 * Works out what to tell the service manager as the cluster changes: {@code READY=1} once
 * every slot has a ready worker, {@code RELOADING=1} when a reload starts and
 * {@code READY=1} when it ends (succeeded or failed: the cluster serves either way),
 * {@code STOPPING=1} once, and a {@code STATUS=} line whenever it reads differently. Each
 * change is one datagram of newline-separated assignments, as {@code sd_notify} takes.
 *
 * @author ClusterBoot team
 */
public final class ServiceStates {

	private boolean ready;

	private boolean reloading;

	private boolean stopping;

	private String status;

	/**
	 * Returns what changed since the last call, if anything. It takes only what it
	 * tells, cheap to get after every event of the master, not the cluster's whole
	 * status.
	 * @param workers the numbers of workers, of the cluster's status
	 * @param reload the running or last reload, of the cluster's status, or {@code null}
	 * @param stopping whether the master is stopping
	 * @param monotonicMicros the monotonic clock ({@code CLOCK_MONOTONIC}) in
	 * microseconds, which {@code RELOADING=1} carries
	 * @return the datagram to send, or empty
	 */
	public Optional<String> update(ClusterStatus.Workers workers, ClusterStatus.Reload reload, boolean stopping,
			long monotonicMicros) {
		List<String> assignments = new ArrayList<>();
		boolean reloadRunning = reload != null && reload.state() == ReloadState.RUNNING;
		if (stopping) {
			if (!this.stopping) {
				assignments.add("STOPPING=1");
				this.stopping = true;
			}
		}
		else if (!this.ready) {
			if (workers.ready() >= workers.desired()) {
				assignments.add("READY=1");
				this.ready = true;
			}
		}
		else if (reloadRunning != this.reloading) {
			assignments.add(reloadRunning ? "RELOADING=1" : "READY=1");
			if (reloadRunning) {
				assignments.add("MONOTONIC_USEC=" + monotonicMicros);
			}
			this.reloading = reloadRunning;
		}
		String line = statusLine(workers, reload, stopping);
		if (!line.equals(this.status)) {
			assignments.add("STATUS=" + line);
			this.status = line;
		}
		return assignments.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", assignments));
	}

	private static String statusLine(ClusterStatus.Workers workers, ClusterStatus.Reload reload, boolean stopping) {
		StringBuilder line = new StringBuilder();
		line.append(workers.ready()).append('/').append(workers.desired()).append(" workers ready");
		if (reload != null && reload.state() == ReloadState.RUNNING) {
			line.append("; reloading generation ").append(reload.generation()).append(": ")
				.append(reload.progress().replaced()).append('/').append(reload.progress().total())
				.append(" replaced");
		}
		else if (reload != null && reload.state() == ReloadState.FAILED) {
			line.append("; last reload failed: ").append(String.valueOf(reload.error()).replace('\n', ' '));
		}
		if (stopping) {
			line.append("; stopping");
		}
		return line.toString();
	}

}
