package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;

import io.clusterboot.demo.e2e.ClusterStatus.Reload;

/**
 * The two ways to start a rolling reload.
 *
 * @author ClusterBoot team
 */
enum ReloadTrigger {

	/** {@code POST /actuator/cluster/reload}. */
	ENDPOINT("the cluster endpoint") {

		@Override
		Reload start(ClusterProcess cluster, ClusterActuator actuator) throws IOException {
			return actuator.reload();
		}

	},

	/** {@code kill -HUP <master>}. */
	SIGHUP("SIGHUP") {

		@Override
		Reload start(ClusterProcess cluster, ClusterActuator actuator) throws IOException {
			String previous = actuator.status().reloadId();
			cluster.signalMaster(Signal.HUP);
			return actuator.awaitReloadOtherThan(previous, SIGNAL_HANDLED);
		}

	};

	/** How long the master may take to act on a signal. */
	private static final Duration SIGNAL_HANDLED = Duration.ofSeconds(10);

	private final String startedBy;

	ReloadTrigger(String startedBy) {
		this.startedBy = startedBy;
	}

	/**
	 * How the master's log line {@code Reload <id> (generation <g>) started by ...}
	 * names this trigger.
	 * @return the start of the name
	 */
	String startedBy() {
		return this.startedBy;
	}

	/**
	 * Starts a reload (or joins the one running).
	 * @param cluster the cluster
	 * @param actuator its cluster endpoint
	 * @return the reload as it was when it was seen first
	 * @throws IOException if a request to the endpoint fails
	 */
	abstract Reload start(ClusterProcess cluster, ClusterActuator actuator) throws IOException;

}
