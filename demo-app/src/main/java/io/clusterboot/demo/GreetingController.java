package io.clusterboot.demo;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Shows cache invalidation across workers: {@code GET /greetings/{name}} answers from
 * this worker's cache, {@code PUT /greetings/{name}?text=x} changes the greeting. Each
 * answer names the worker and how many times it read a greeting from the file.
 *
 * @author ClusterBoot team
 */
@RestController
class GreetingController {

	private final GreetingStore store;

	private final Environment environment;

	GreetingController(GreetingStore store, Environment environment) {
		this.store = store;
		this.environment = environment;
	}

	@GetMapping("/greetings/{name}")
	Greeting greeting(@PathVariable String name) {
		return answer(name, this.store.greeting(name));
	}

	@PutMapping("/greetings/{name}")
	Greeting change(@PathVariable String name, @RequestParam String text) {
		return answer(name, this.store.change(name, text));
	}

	private Greeting answer(String name, String text) {
		return new Greeting(name, text, ProcessHandle.current().pid(),
				this.environment.getProperty("cluster.worker.slot", Integer.class), this.store.loads());
	}

	record Greeting(String name, String text, long pid, Integer worker, long loads) {
	}

}
