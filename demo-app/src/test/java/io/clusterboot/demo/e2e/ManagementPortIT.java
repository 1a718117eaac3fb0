package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator on a port of its own ({@code management.server.port}), on Tomcat, Jetty and
 * Reactor Netty: the master binds it and passes it to every worker, which serves it the
 * way it serves the server port, and a rolling reload under a closed-loop load of
 * keep-alive and {@code Connection: close} clients on both ports loses no request on
 * either (issue 14, item 5), and the cluster's status names the management address.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ManagementPortIT {

	private static final Duration LOAD_LIMIT = Duration.ofMinutes(3);

	@ParameterizedTest(name = "{0}")
	@EnumSource(DemoServer.class)
	void reloadLosesNoRequestOnTheServerOrTheManagementPort(DemoServer server, TestInfo testInfo)
			throws IOException {
		int managementPort = FreePorts.pick();
		try (ClusterProcess cluster = ClusterProcess.builder(testInfo)
			.jar(server.jar())
			.workers(2)
			.property("management.server.port", Integer.toString(managementPort))
			.property("management.server.address", FreePorts.LOOPBACK.getHostAddress())
			// health says 503 on a retiring worker, as it should: the load asks what always answers 200
			.property("management.endpoints.web.exposure.include", "health,info,cluster")
			.property("cluster.process-kill-timeout", "10s")
			.start()) {
			Set<Long> first = cluster.awaitReadyWorkers(2, ClusterProcess.STARTUP);
			cluster.awaitOutput(Pattern.quote("management on 127.0.0.1:" + managementPort), Duration.ofSeconds(5));
			try (BothPortsLoad load = BothPortsLoad.start(cluster.port(), 4, managementPort, 4, LOAD_LIMIT)) {
				load.awaitBothAnswering(cluster);
				cluster.signalMaster(Signal.HUP);
				cluster.awaitOutput(Pattern.quote("Reload 1 (generation 2) succeeded"), Duration.ofMinutes(2));
				cluster.awaitReadyWorkers(2, Duration.ofSeconds(10));
				first.forEach((pid) -> cluster.awaitGone(pid, Duration.ofSeconds(30)));
				load.awaitNewWorkersOnTheManagementPort(cluster);
				load.stopAndAssertNoLoss(cluster);
			}
			HttpResponse status = HttpConnection.get(managementPort, ClusterActuator.PATH);
			assertThat(Json.read(status.body(), ClusterStatus.class).master().managementAddress())
				.as("management address in the status: %s", status)
				.isEqualTo("127.0.0.1:" + managementPort);
			cluster.signalMaster(Signal.TERM);
			assertThat(cluster.awaitExit(Duration.ofSeconds(30))).as("master exit code%s", cluster.describe()).isZero();
			// the kernel frees a socket's port just after its last holder exits
			Waits.until("the management port released", Duration.ofSeconds(10),
					() -> FreePorts.canBind(managementPort), cluster::describe);
		}
	}

}
