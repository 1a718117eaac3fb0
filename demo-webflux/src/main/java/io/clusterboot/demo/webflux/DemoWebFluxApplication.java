package io.clusterboot.demo.webflux;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest WebFlux application on Reactor Netty that runs as a ClusterBoot cluster:
 * the end-to-end tests check the same zero-loss guarantees on it as on the Tomcat demo.
 *
 * @author ClusterBoot team
 */
@SpringBootApplication
@RestController
public class DemoWebFluxApplication {

	private static final long MAX_SLOW_MILLIS = 60_000;

	private final Environment environment;

	DemoWebFluxApplication(Environment environment) {
		this.environment = environment;
	}

	@GetMapping("/hello")
	Mono<Hello> hello() {
		return Mono.fromSupplier(this::currentProcess);
	}

	@GetMapping("/slow")
	Mono<Hello> slow(@RequestParam(defaultValue = "1000") long ms) {
		return Mono.delay(Duration.ofMillis(Math.max(0, Math.min(ms, MAX_SLOW_MILLIS))))
			.map((ignored) -> currentProcess());
	}

	private Hello currentProcess() {
		return new Hello("Hello from ClusterBoot on WebFlux", ProcessHandle.current().pid(),
				this.environment.getProperty("cluster.worker.slot", Integer.class),
				this.environment.getProperty("cluster.worker.generation", Integer.class));
	}

	record Hello(String message, long pid, Integer worker, Integer generation) {
	}

	public static void main(String[] args) {
		SpringApplication.run(DemoWebFluxApplication.class, args);
	}

}
