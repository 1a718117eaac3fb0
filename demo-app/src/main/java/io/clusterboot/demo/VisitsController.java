package io.clusterboot.demo;

import jakarta.servlet.http.HttpSession;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts a visitor's requests in the HTTP session: in a cluster, every worker sees the
 * same count, and it survives reloads and crashed workers.
 *
 * @author ClusterBoot team
 */
@RestController
class VisitsController {

	private static final String VISITS = "visits";

	private final Environment environment;

	VisitsController(Environment environment) {
		this.environment = environment;
	}

	@GetMapping("/visits")
	Visits visit(HttpSession session) {
		Integer previous = (Integer) session.getAttribute(VISITS);
		int visits = (previous != null) ? previous + 1 : 1;
		session.setAttribute(VISITS, visits);
		return new Visits(visits, this.environment.getProperty("cluster.worker.slot", Integer.class),
				ProcessHandle.current().pid());
	}

	/**
	 * Puts what cannot be serialized in the session: the request fails, naming the
	 * attribute and its class, and the session keeps what it had.
	 */
	@PostMapping("/visits/thread")
	Visits keepThread(HttpSession session) {
		session.setAttribute("thread", Thread.currentThread());
		return visit(session);
	}

	/**
	 * A visitor's count, and who counted it.
	 *
	 * @param visits the requests of this session
	 * @param slot the slot of the worker that answered, or {@code null} outside a cluster
	 * @param pid the process that answered
	 */
	record Visits(int visits, Integer slot, long pid) {
	}

}
