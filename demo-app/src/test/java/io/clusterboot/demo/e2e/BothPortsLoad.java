package io.clusterboot.demo.e2e;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A closed-loop load of keep-alive and {@code Connection: close} clients on the server
 * port ({@code /hello}) and on the management port ({@code /actuator/info}, which answers
 * 200 on a retiring worker too, unlike health), checked for loss on both.
 *
 * @author ClusterBoot team
 */
final class BothPortsLoad implements AutoCloseable {

	private final HttpLoad application;

	private final HttpLoad management;

	private BothPortsLoad(HttpLoad application, HttpLoad management) {
		this.application = application;
		this.management = management;
	}

	/**
	 * Starts both loads.
	 * @param port the server port
	 * @param clients clients of each kind on it
	 * @param managementPort the management port
	 * @param managementClients clients of each kind on it
	 * @param maxDuration the loads' hard time limit, which a test must not reach
	 * @return the running loads
	 */
	static BothPortsLoad start(int port, int clients, int managementPort, int managementClients,
			Duration maxDuration) {
		HttpLoad application = HttpLoad.to(port)
			.keepAliveClients(clients)
			.closeClients(clients)
			.maxDuration(maxDuration)
			.start();
		try {
			return new BothPortsLoad(application, HttpLoad.to(managementPort)
				.path("/actuator/info")
				.keepAliveClients(managementClients)
				.closeClients(managementClients)
				.maxDuration(maxDuration)
				.start());
		}
		catch (RuntimeException ex) {
			application.close();
			throw ex;
		}
	}

	HttpLoad application() {
		return this.application;
	}

	HttpLoad management() {
		return this.management;
	}

	/**
	 * Waits until both ports answered at least once.
	 * @param cluster the cluster, for diagnostics
	 */
	void awaitBothAnswering(ClusterProcess cluster) {
		Waits.until("both ports answering", Duration.ofSeconds(30),
				() -> this.application.successes() > 0 && this.management.successes() > 0,
				() -> " " + this.management.snapshot() + cluster.describe());
	}

	/**
	 * Waits for 100 more answers on the management port, once only new workers are left
	 * to give them: the master serves no HTTP itself.
	 * @param cluster the cluster, for diagnostics
	 */
	void awaitNewWorkersOnTheManagementPort(ClusterProcess cluster) {
		long before = this.management.successes();
		Waits.until("the new workers answering on the management port", Duration.ofSeconds(30),
				() -> this.management.successes() > before + 100,
				() -> " " + this.management.snapshot() + cluster.describe());
	}

	/**
	 * Stops both loads and checks that no request failed on either and that neither hit
	 * its time limit.
	 * @param cluster the cluster, for notes and diagnostics
	 */
	void stopAndAssertNoLoss(ClusterProcess cluster) {
		LoadReport application = this.application.stop();
		LoadReport management = this.management.stop();
		cluster.note("application load: " + application);
		cluster.note("management load: " + management);
		assertThat(application.unsuccessful()).as("unsuccessful requests to the server port: %s%s", application,
				cluster.describe())
			.isZero();
		assertThat(management.unsuccessful()).as("unsuccessful requests to the management port: %s%s", management,
				cluster.describe())
			.isZero();
		assertThat(management.successes()).as("answered management requests: %s", management).isPositive();
		assertThat(application.hitMaxDuration() || management.hitMaxDuration()).as("a load stopped by its time limit")
			.isFalse();
	}

	@Override
	public void close() {
		try {
			this.application.close();
		}
		finally {
			this.management.close();
		}
	}

}
