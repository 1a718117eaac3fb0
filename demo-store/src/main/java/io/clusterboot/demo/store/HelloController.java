package io.clusterboot.demo.store;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers with the identity of the process that served the request, in the format of the
 * other demo applications: the benchmarks and end-to-end tests rely on it.
 *
 * @author ClusterBoot team
 */
@RestController
class HelloController {

	private static final long MAX_SLOW_MILLIS = 60_000;

	private final Environment environment;

	private final String version;

	HelloController(Environment environment, ObjectProvider<BuildProperties> build) {
		this.environment = environment;
		this.version = Optional.ofNullable(build.getIfAvailable()).map(BuildProperties::getVersion).orElse("unknown");
	}

	@GetMapping("/hello")
	Hello hello() {
		return new Hello("Hello from ClusterBoot demo store", ProcessHandle.current().pid(),
				this.environment.getProperty("cluster.worker.slot", Integer.class),
				this.environment.getProperty("cluster.worker.generation", Integer.class), this.version);
	}

	@GetMapping("/slow")
	Hello slow(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
		Thread.sleep(Math.max(0, Math.min(ms, MAX_SLOW_MILLIS)));
		return hello();
	}

	record Hello(String message, long pid, Integer worker, Integer generation, String version) {
	}

}
