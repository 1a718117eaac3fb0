package io.clusterboot.demo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers with the identity of the process that served the request.
 *
 * @author ClusterBoot team
 */
@RestController
class HelloController {

	private static final long MAX_SLOW_MILLIS = 60_000;

	private static final int MAX_LEAK_MB = 256;

	private static final int MAX_CPU_ROUNDS = 10_000_000;

	private static final List<byte[]> leaked = new CopyOnWriteArrayList<>();

	private final Environment environment;

	private final String version;

	HelloController(Environment environment, DemoProperties properties, ObjectProvider<BuildProperties> build) {
		this.environment = environment;
		this.version = Optional.ofNullable(properties.getVersion())
			.or(() -> Optional.ofNullable(build.getIfAvailable()).map(BuildProperties::getVersion))
			.orElse("unknown");
	}

	@GetMapping("/hello")
	Hello hello() {
		return new Hello("Hello from ClusterBoot", ProcessHandle.current().pid(),
				this.environment.getProperty("cluster.worker.slot", Integer.class),
				this.environment.getProperty("cluster.worker.generation", Integer.class), this.version);
	}

	@GetMapping("/slow")
	Hello slow(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
		Thread.sleep(Math.max(0, Math.min(ms, MAX_SLOW_MILLIS)));
		return hello();
	}

	/**
	 * Hashes a buffer the given number of times: a CPU-bound request for benchmarks.
	 */
	@GetMapping("/cpu")
	Hello cpu(@RequestParam(defaultValue = "1000") int rounds) throws NoSuchAlgorithmException {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		byte[] value = new byte[64];
		for (int i = 0; i < Math.max(0, Math.min(rounds, MAX_CPU_ROUNDS)); i++) {
			value = digest.digest(value);
		}
		return hello();
	}

	/**
	 * Keeps the given number of megabytes for the life of the process: a deliberate leak,
	 * to try out recycling by memory.
	 */
	@GetMapping("/leak")
	Hello leak(@RequestParam(defaultValue = "10") int mb) {
		for (int i = 0; i < Math.max(0, Math.min(mb, MAX_LEAK_MB)); i++) {
			byte[] block = new byte[1024 * 1024];
			Arrays.fill(block, (byte) 1);
			leaked.add(block);
		}
		return hello();
	}

	record Hello(String message, long pid, Integer worker, Integer generation, String version) {
	}

}
