package io.clusterboot.demo.jetty;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest Spring MVC application on Jetty that runs as a ClusterBoot cluster: the
 * end-to-end tests check the same zero-loss guarantees on it as on the Tomcat demo.
 *
 * @author ClusterBoot team
 */
@SpringBootApplication
@RestController
public class DemoJettyApplication {

	private static final long MAX_SLOW_MILLIS = 60_000;

	private final Environment environment;

	DemoJettyApplication(Environment environment) {
		this.environment = environment;
	}

	@GetMapping("/hello")
	Hello hello() {
		return new Hello("Hello from ClusterBoot on Jetty", ProcessHandle.current().pid(),
				this.environment.getProperty("cluster.worker.slot", Integer.class),
				this.environment.getProperty("cluster.worker.generation", Integer.class));
	}

	@GetMapping("/slow")
	Hello slow(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
		Thread.sleep(Math.max(0, Math.min(ms, MAX_SLOW_MILLIS)));
		return hello();
	}

	record Hello(String message, long pid, Integer worker, Integer generation) {
	}

	public static void main(String[] args) {
		SpringApplication.run(DemoJettyApplication.class, args);
	}

}
