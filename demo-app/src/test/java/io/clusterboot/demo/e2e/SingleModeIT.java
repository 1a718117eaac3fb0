package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code cluster.enabled=false} the jar is a plain Spring Boot application: one
 * process serves and nothing is forked (issue 2, item 2).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SingleModeIT {

	@Test
	void disabledClusterServesFromOneProcess(TestInfo testInfo) {
		try (ClusterProcess app = ClusterProcess.builder(testInfo)
			.workers(2)
			.property("cluster.enabled", "false")
			.start()) {
			long pid = app.masterPid();
			HttpResponse response = Waits.until("GET /hello to answer", ClusterProcess.STARTUP,
					() -> tryGet(app.port()), Optional::isPresent, app::describe)
				.get();

			assertThat(response.status()).as("%s%s", response, app.describe()).isEqualTo(200);
			assertThat(response.pid()).as("pid in %s", response).hasValue(pid);
			assertThat(app.lines()).as("context created in the launched process%s", app.describe())
				.anyMatch((line) -> line.contains("Demo application context created in pid " + pid));
			assertThat(app.descendantPidsEverSeen()).as("child processes%s", app.describe()).isEmpty();
		}
	}

	private static Optional<HttpResponse> tryGet(int port) {
		try {
			return Optional.of(HttpConnection.get(port, "/hello"));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
